/**
 * The reconciler, one per Region, every minute: a full pass over each of this Region's
 * opt-out lists (`region-lists.ts` `reconcileList`). It is how one-way use cases' decisions are
 * captured at all (AWS applies STOP and opt-in keywords there without telling anyone: the
 * pass compares the list with its last view and records additions and removals), and it
 * repairs whatever the applier missed. Then it writes this Region's heartbeat into the
 * ledger, and publishes per use case the freshness document the failover tool reads
 * (`components/failover/opt-out-freshness.ts`) in this Region's SSM Parameter Store.
 *
 * It calls only its own Region. A peer is "presumed down" when its heartbeat has not reached
 * this Region's replica for `peerSilenceSeconds`: that is reported (freshness, a metric per
 * peer) but fails nothing. The run fails (the function's Errors metric) only for this
 * Region's own problems: a list it could not read, repairs it could not make.
 */
import { PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import {
  freshnessParameterName,
  type OptOutFreshness,
  renderFreshness,
} from "../components/failover/opt-out-freshness";
import { dynamoClientFactory, smsClientFactory, ssmClientFactory } from "./lib/clients";
import { type DynamoClient, isoTime, readHeartbeats, writeHeartbeat } from "./lib/ledger";
import { emf } from "./lib/metrics";
import { callApi, errorText, type SmsClient } from "./lib/opt-out-sync";
import { type Clock, type Sleep, TokenBucket } from "./lib/rate-limit";
import { handlerRegionLists, type ListPass, reconcileList } from "./lib/region-lists";
import type { RetryOptions } from "./lib/retry";
import { readReconcilerSettings, type ReconcilerSettings } from "./lib/settings";

/** A run's summary. */
export interface ReconcileResult {
  readonly region: string;
  /** Completed passes, by use case. */
  readonly passes: ListPass[];
  /** Use cases whose list could not be read or recorded, with the error. */
  readonly failed: Record<string, string>;
  /** Peers whose heartbeat is overdue here. */
  readonly peersPresumedDown: string[];
  /** Use cases whose freshness document could not be written, with the error. */
  readonly unpublished: Record<string, string>;
  /** Every list passed, nothing left behind, every document published. */
  readonly complete: boolean;
}

/** The run left work undone; thrown after the summary is logged, so the Errors metric shows it. */
export class ReconcileIncompleteError extends Error {
  constructor(readonly result: ReconcileResult) {
    const parts = [
      ...Object.entries(result.failed).map(([u, e]) => `${u}: not reconciled (${e})`),
      ...result.passes
        .filter((p) => p.behind > 0)
        .map(
          (p) =>
            `${p.useCase}: ${p.behind} decisions not applied${p.failed[0] ? ` (${p.failed[0].error})` : ""}`,
        ),
      ...Object.entries(result.unpublished).map(([u, e]) => `${u}: freshness not published (${e})`),
    ];
    super(`opt-out reconciliation in ${result.region} is incomplete: ${parts.join("; ")}`);
    this.name = "ReconcileIncompleteError";
  }
}

/** What {@link createReconciler} needs. */
export interface ReconcilerDeps {
  readonly settings: ReconcilerSettings;
  /** This Region's clients. */
  readonly sms: SmsClient;
  readonly dynamo: DynamoClient;
  readonly ssm: Pick<SSMClient, "send">;
  /** Default: {@link RetryOptions} defaults. */
  readonly retry?: RetryOptions;
  /** Stop starting repairs when the invocation has less than this left. Default: 15,000 ms. */
  readonly safetyMarginMs?: number;
  /** Default: `Date.now`. */
  readonly now?: Clock;
  /** Default: real timers. */
  readonly sleep?: Sleep;
  /** Structured log line. Default: `console.log` of JSON. */
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** The part of the Lambda context the reconciler uses. */
export interface DeadlineContext {
  getRemainingTimeInMillis(): number;
}

const defaultLog = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

/** Builds the handler around its settings and clients (tests inject both). */
export function createReconciler(deps: ReconcilerDeps) {
  const { settings } = deps;
  const log = deps.log ?? defaultLog;
  const now = deps.now ?? Date.now;
  const margin = deps.safetyMarginMs ?? 15_000;
  // One budget for the Region's SMS API across runs: it is shared with sending applications.
  const limiter = new TokenBucket(settings.requestsPerSecond, { now: deps.now, sleep: deps.sleep });
  const region = handlerRegionLists(settings, deps, limiter);

  return async (_event?: unknown, context?: DeadlineContext): Promise<ReconcileResult> => {
    const shouldStop = () => (context ? context.getRemainingTimeInMillis() < margin : false);
    const passes: ListPass[] = [];
    const failed: Record<string, string> = {};
    for (const useCase of Object.keys(settings.useCases).sort()) {
      try {
        passes.push(
          await reconcileList(region, useCase, settings.useCases[useCase].listName, { shouldStop }),
        );
      } catch (error) {
        failed[useCase] = errorText(error);
      }
    }
    const at = now();
    let heartbeats = new Map<string, number>();
    try {
      await callApi(() => writeHeartbeat(deps.dynamo, settings.ledgerTable, settings.region, at), {
        retry: deps.retry,
      });
      heartbeats = await readHeartbeats(deps.dynamo, settings.ledgerTable, (fn) =>
        callApi(fn, { retry: deps.retry }),
      );
    } catch (error) {
      failed["(heartbeat)"] = errorText(error);
    }
    const peers = settings.regions.filter((r) => r !== settings.region);
    const silence = (peer: string) => {
      const last = heartbeats.get(peer);
      return last === undefined ? Number.POSITIVE_INFINITY : Math.max(0, (at - last) / 1000);
    };
    const peersPresumedDown = peers.filter((peer) => silence(peer) > settings.peerSilenceSeconds);

    const unpublished: Record<string, string> = {};
    for (const pass of passes) {
      const freshness: OptOutFreshness = {
        useCase: pass.useCase,
        region: settings.region,
        reconciledAt: isoTime(pass.completedAt),
        listSize: pass.listSize,
        ledgerOptedOut: pass.ledgerOptedOut,
        behind: pass.behind,
        ...(pass.newestDecisionAt !== undefined && {
          newestDecisionAt: isoTime(pass.newestDecisionAt),
        }),
        peersPresumedDown,
      };
      try {
        await callApi(
          () =>
            deps.ssm.send(
              new PutParameterCommand({
                Name: freshnessParameterName(settings.namePrefix, pass.useCase),
                Value: renderFreshness(freshness),
                Type: "String",
                Overwrite: true,
              }),
            ),
          { retry: deps.retry },
        );
      } catch (error) {
        unpublished[pass.useCase] = errorText(error);
      }
      log(
        emf(
          at,
          { Region: settings.region, UseCase: pass.useCase },
          {
            Behind: { value: pass.behind, unit: "Count" },
            Captured: { value: pass.captured, unit: "Count" },
            ListSize: { value: pass.listSize, unit: "Count" },
          },
        ),
      );
    }
    for (const peer of peers) {
      // Missing heartbeats report as a day, so the alarm has a number to compare.
      log(
        emf(
          at,
          { Region: settings.region, Peer: peer },
          {
            PeerSilenceSeconds: { value: Math.min(silence(peer), 86_400), unit: "Seconds" },
          },
        ),
      );
    }
    const result: ReconcileResult = {
      region: settings.region,
      passes,
      failed,
      peersPresumedDown,
      unpublished,
      complete:
        Object.keys(failed).length === 0 &&
        Object.keys(unpublished).length === 0 &&
        passes.every((p) => p.behind === 0),
    };
    log({
      event: "opt-out-reconciled",
      region: result.region,
      lists: passes.map((p) => ({
        useCase: p.useCase,
        firstPass: p.firstPass,
        captured: p.captured,
        put: p.put,
        deleted: p.deleted,
        behind: p.behind,
        listSize: p.listSize,
      })),
      failed,
      peersPresumedDown,
      unpublished,
    });
    if (!result.complete) throw new ReconcileIncompleteError(result);
    return result;
  };
}

let deployed: ReturnType<typeof createReconciler> | undefined;

/** The Lambda entry point (EventBridge schedule): settings from the environment. */
export async function handler(event: unknown, context?: DeadlineContext): Promise<ReconcileResult> {
  if (!deployed) {
    const settings = readReconcilerSettings(process.env);
    deployed = createReconciler({
      settings,
      sms: smsClientFactory()(settings.region),
      dynamo: dynamoClientFactory()(settings.region),
      ssm: ssmClientFactory()(settings.region),
    });
  }
  return deployed(event, context);
}
