/**
 * The opt-out ledger's functions in one Region (docs/opt-out-ledger.md): the Lambda functions
 * of `lambda/` (bundled by lambda-bundle.ts), the Region's state table, least-privilege roles,
 * log groups, triggers and alarms. Every function calls only this Region.
 *
 * - The **recorder** (`<namePrefix>-opt-out-replicator`, the name of the earlier replicator
 *   it replaces, so its log group and audit trail are kept) is subscribed to the Region's
 *   two-way inbound topics and records each opt-out and opt-in in this Region's replica of the
 *   ledger; for self-managed use cases whose STOP confirmation the estate sends, it sends it.
 * - The **applier** reads this replica's stream and applies each new decision to this
 *   Region's lists within seconds.
 * - The **reconciler**, every minute, polls this Region's lists (the only way one-way use
 *   cases' keywords are seen), records what changed, repairs what the applier missed, and
 *   publishes freshness.
 *
 * Only the applier and the reconciler may delete an opt-out, only in this Region's lists, and
 * only as `lambda/lib/decide.ts` allows.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { APPLIER_STREAM_FILTER, stateTableName as stateTableNameOf } from "../../lambda/lib/ledger";
import { LEDGER_METRICS_NAMESPACE } from "../../lambda/lib/metrics";
import { physicalNames } from "../../lib/naming";
import {
  APPLIER_SETTINGS_ENV,
  type ApplierSettings,
  type KeywordReplies,
  RECONCILER_SETTINGS_ENV,
  type ReconcilerSettings,
  RECORDER_SETTINGS_ENV,
  type RecorderSettings,
} from "../../lambda/lib/settings";
import { partitionOf } from "../../lib/regions";
import { freshnessParameterName } from "./opt-out-freshness";

/** A use case's opt-out list in this Region. */
export interface ReplicatedList {
  /** Physical name (the same in every Region). Required. */
  name: string;
  /** ARN of this Region's list. Required. */
  arn: pulumi.Input<string>;
}

/** Replies the estate sends for a self-managed use case, and what it may send them from. */
export interface ReplyWiring extends Omit<KeywordReplies, "configurationSetName"> {
  configurationSetName: pulumi.Input<string>;
  /** ARNs the replies may be sent from and with: the use case's numbers, pool and configuration set here. */
  resources: pulumi.Input<string>[];
}

/** A two-way use case's inbound topic in this Region. */
export interface ReplicatedInbound {
  /** The use case's inbound topic in this Region. Required. */
  topicArn: pulumi.Input<string>;
  /** The use case's opt-in keywords (upper case). Required. */
  optInKeywords: string[];
  /** Set when the estate confirms STOP (and answers HELP) itself. Default: AWS does. */
  replies?: ReplyWiring;
}

/** The opt-out ledger table as one Region sees it. */
export interface LedgerReference {
  /** The global table's name. Required. */
  tableName: string;
  /** ARN of this Region's replica. Required. */
  arn: string;
  /** ARN of this Region's stream. Required. */
  streamArn: pulumi.Input<string>;
}

/** Arguments of {@link OptOutReplication}. */
export interface OptOutReplicationArgs {
  /** Region the functions run in. Required. */
  region: string;
  /** Every Region of the estate (this one included). Required. */
  regions: string[];
  /** Prefix of the functions' and tables' names. Required. */
  namePrefix: string;
  /** The owning account (ARNs of parameters). Required. */
  account: string;
  /** The ledger table's name and its ARN and stream ARN in this Region. Required. */
  ledger: LedgerReference;
  /** Every use case's opt-out list in this Region, by use case. Required. */
  optOutLists: Record<string, ReplicatedList>;
  /** This Region's two-way use cases; no recorder is declared when there are none. Required. */
  inbound: Record<string, ReplicatedInbound>;
  /** The bundle (lambda-bundle.ts), shared by every function. Required. */
  code: pulumi.asset.Archive;
  /** When the reconciler runs (EventBridge expression). Default: "rate(1 minute)". */
  schedule?: string;
  /** SMS API requests per second the reconciler may make here. Default: 10. */
  reconcilerRequestsPerSecond?: number;
  /** SMS API requests per second the applier may make here. Default: 5. */
  applierRequestsPerSecond?: number;
  /** A peer whose heartbeat is older than this is presumed down (seconds). Default: 300. */
  peerSilenceSeconds?: number;
  /** Days to keep the functions' logs (the audit trail of decisions). Default: 365. */
  logRetentionDays?: number;
  /** Where alarms notify. Default: a topic created here (`<namePrefix>-opt-out-alarms`). */
  alarmTopicArn?: pulumi.Input<string>;
  /** Default: none. */
  tags?: Record<string, string>;
}

/** Default reconciler schedule: one-way decisions are captured within a minute. */
export const DEFAULT_RECONCILE_SCHEDULE = "rate(1 minute)";

/**
 * Conservative default request rates: AWS publishes no per-operation quota for the opt-out
 * operations that we could cite, and these functions share the Region's API quota with the
 * applications that send.
 */
export const DEFAULT_RECONCILER_REQUESTS_PER_SECOND = 10;
export const DEFAULT_APPLIER_REQUESTS_PER_SECOND = 5;
/** Default heartbeat age after which a peer is presumed down. */
export const DEFAULT_PEER_SILENCE_SECONDS = 300;

const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
    },
  ],
});

type Grant = { actions: string[]; resources: pulumi.Input<string>[] };

/** One Region's ledger functions. Token `messaging:failover:OptOutReplication`. */
export class OptOutReplication extends pulumi.ComponentResource {
  /** The recorder; undefined when the Region has no two-way use case. */
  readonly recorder?: aws.lambda.Function;
  readonly applier: aws.lambda.Function;
  readonly reconciler: aws.lambda.Function;
  /** This Region's own bookkeeping (not replicated). */
  readonly stateTable: aws.dynamodb.Table;
  readonly alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
  readonly alarmTopicArn: pulumi.Output<string>;

  constructor(name: string, args: OptOutReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:failover:OptOutReplication", name, {}, opts);
    const { region, regions } = args;
    const useCases = Object.keys(args.optOutLists).sort();
    const twoWay = Object.keys(args.inbound).sort();
    for (const useCase of twoWay) {
      if (!args.optOutLists[useCase]) {
        throw new pulumi.ResourceError(
          `opt-out replication ${name}: two-way use case ${useCase} has no opt-out list`,
          this,
        );
      }
    }
    const child = { parent: this };
    const ownLists = useCases.map((u) => args.optOutLists[u].arn);
    const listsByUseCase = Object.fromEntries(
      useCases.map((u) => [u, { listName: args.optOutLists[u].name }]),
    );

    const stateTableName = stateTableNameOf(args.namePrefix);
    this.stateTable = new aws.dynamodb.Table(
      `${name}-state-table`,
      {
        region,
        name: stateTableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        rangeKey: "sk",
        attributes: [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
        // The estate's own changes are remembered a week (lambda/lib/list-state.ts).
        ttl: { attributeName: "expiresAt", enabled: true },
        tags: args.tags,
      },
      child,
    );
    const stateArn = this.stateTable.arn;
    const ledgerArn = args.ledger.arn;

    // --- recorder -----------------------------------------------------------------------------
    if (twoWay.length > 0) {
      const functionName = physicalNames.optOutFunction(args.namePrefix, "replicator");
      const dlq = new aws.sqs.Queue(
        `${name}-replicator-dlq`,
        {
          region,
          // The longest SQS keeps a message: time to replay decisions that failed every retry.
          messageRetentionSeconds: 1_209_600,
          sqsManagedSseEnabled: true,
          tags: args.tags,
        },
        child,
      );
      const replyResources = twoWay.flatMap((u) => args.inbound[u].replies?.resources ?? []);
      const { logGroup, policy, role } = this.functionRole(
        `${name}-replicator`,
        functionName,
        args,
        [
          { actions: ["dynamodb:PutItem", "dynamodb:GetItem"], resources: [ledgerArn] },
          ...(replyResources.length > 0
            ? [{ actions: ["sms-voice:SendTextMessage"], resources: replyResources }]
            : []),
          { actions: ["sqs:SendMessage"], resources: [dlq.arn] },
        ],
      );
      const settings = pulumi
        .all(
          twoWay.map((u) =>
            pulumi.all([args.inbound[u].topicArn, args.inbound[u].replies?.configurationSetName]),
          ),
        )
        .apply((resolved) =>
          JSON.stringify({
            region,
            ledgerTable: args.ledger.tableName,
            topics: Object.fromEntries(
              twoWay.map((useCase, i) => {
                const [topicArn, configurationSetName] = resolved[i];
                const replies = args.inbound[useCase].replies;
                return [
                  topicArn,
                  {
                    useCase,
                    optInKeywords: args.inbound[useCase].optInKeywords,
                    ...(replies && {
                      replies: {
                        stop: replies.stop,
                        help: replies.help,
                        configurationSetName: configurationSetName!,
                      },
                    }),
                  },
                ];
              }),
            ),
          } satisfies RecorderSettings),
        );
      this.recorder = new aws.lambda.Function(
        `${name}-replicator`,
        {
          region,
          name: functionName,
          description:
            "Records opt-outs and opt-ins from the two-way inbound topics in this Region's replica of the opt-out ledger.",
          runtime: aws.lambda.Runtime.NodeJS22dX,
          architectures: ["arm64"],
          handler: "index.record",
          code: args.code,
          role: role.arn,
          memorySize: 256,
          timeout: 60,
          environment: { variables: { [RECORDER_SETTINGS_ENV]: settings } },
          deadLetterConfig: { targetArn: dlq.arn },
          loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
          tags: args.tags,
        },
        { parent: this, dependsOn: [policy, logGroup] },
      );
      for (const useCase of twoWay) {
        const topicArn = args.inbound[useCase].topicArn;
        const permission = new aws.lambda.Permission(
          `${name}-${useCase}-invoke`,
          {
            region,
            action: "lambda:InvokeFunction",
            function: this.recorder.name,
            principal: "sns.amazonaws.com",
            sourceArn: topicArn,
          },
          child,
        );
        new aws.sns.TopicSubscription(
          `${name}-${useCase}-subscription`,
          { region, topic: topicArn, protocol: "lambda", endpoint: this.recorder.arn },
          { parent: this, dependsOn: [permission] },
        );
      }
      this.alarmTopicArn = this.alarmTopic(name, args);
      this.alarm(name, "recorder-dead-letters", args, {
        description: `Inbound opt-outs or opt-ins in ${region} failed every retry and wait in the dead-letter queue: this Region's ledger replica could not be written. Not a peer outage (the recorder calls no other Region).`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: dlq.name },
        statistic: "Maximum",
        threshold: 0,
        evaluationPeriods: 1,
      });
    } else {
      this.alarmTopicArn = this.alarmTopic(name, args);
    }

    // --- applier ---------------------------------------------------------------------------------
    const applierName = physicalNames.optOutFunction(args.namePrefix, "applier");
    const applierDlq = new aws.sqs.Queue(
      `${name}-applier-dlq`,
      { region, messageRetentionSeconds: 1_209_600, sqsManagedSseEnabled: true, tags: args.tags },
      child,
    );
    const listGrant: Grant = {
      actions: [
        "sms-voice:DescribeOptedOutNumbers",
        "sms-voice:PutOptedOutNumber",
        "sms-voice:DeleteOptedOutNumber",
      ],
      resources: ownLists,
    };
    const stateGrant: Grant = {
      actions: [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:BatchWriteItem",
      ],
      resources: [stateArn],
    };
    const applierRole = this.functionRole(`${name}-applier`, applierName, args, [
      listGrant,
      { actions: ["dynamodb:Query", "dynamodb:PutItem"], resources: [ledgerArn] },
      {
        actions: [
          "dynamodb:DescribeStream",
          "dynamodb:GetRecords",
          "dynamodb:GetShardIterator",
          "dynamodb:ListStreams",
        ],
        resources: [args.ledger.streamArn],
      },
      stateGrant,
      { actions: ["sqs:SendMessage"], resources: [applierDlq.arn] },
    ]);
    const applierSettings: ApplierSettings = {
      region,
      ledgerTable: args.ledger.tableName,
      stateTable: stateTableName,
      useCases: listsByUseCase,
      requestsPerSecond: args.applierRequestsPerSecond ?? DEFAULT_APPLIER_REQUESTS_PER_SECOND,
    };
    this.applier = new aws.lambda.Function(
      `${name}-applier`,
      {
        region,
        name: applierName,
        description: "Applies each new opt-out ledger decision to this Region's opt-out lists.",
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: ["arm64"],
        handler: "index.apply",
        code: args.code,
        role: applierRole.role.arn,
        memorySize: 256,
        timeout: 300,
        environment: { variables: { [APPLIER_SETTINGS_ENV]: JSON.stringify(applierSettings) } },
        loggingConfig: { logFormat: "JSON", logGroup: applierRole.logGroup.name },
        tags: args.tags,
      },
      { parent: this, dependsOn: [applierRole.policy, applierRole.logGroup] },
    );
    new aws.lambda.EventSourceMapping(
      `${name}-applier-stream`,
      {
        region,
        functionName: this.applier.name,
        eventSourceArn: args.ledger.streamArn,
        startingPosition: "LATEST",
        batchSize: 100,
        maximumBatchingWindowInSeconds: 1,
        bisectBatchOnFunctionError: true,
        // After an hour of failures the reconciler (every minute) has long repaired the list.
        maximumRetryAttempts: 10,
        maximumRecordAgeInSeconds: 3600,
        functionResponseTypes: ["ReportBatchItemFailures"],
        filterCriteria: { filters: [{ pattern: JSON.stringify(APPLIER_STREAM_FILTER) }] },
        destinationConfig: { onFailure: { destinationArn: applierDlq.arn } },
      },
      { parent: this, dependsOn: [applierRole.policy] },
    );

    // --- reconciler -----------------------------------------------------------------------------
    const reconcilerName = physicalNames.optOutFunction(args.namePrefix, "reconciler");
    const freshnessArns = useCases.map(
      (u) =>
        `arn:${partitionOf(region)}:ssm:${region}:${args.account}:parameter${freshnessParameterName(args.namePrefix, u)}`,
    );
    const reconcilerRole = this.functionRole(`${name}-reconciler`, reconcilerName, args, [
      listGrant,
      {
        actions: ["dynamodb:Query", "dynamodb:PutItem", "dynamodb:BatchWriteItem"],
        resources: [ledgerArn],
      },
      stateGrant,
      { actions: ["ssm:PutParameter"], resources: freshnessArns },
    ]);
    const peerSilenceSeconds = args.peerSilenceSeconds ?? DEFAULT_PEER_SILENCE_SECONDS;
    const reconcilerSettings: ReconcilerSettings = {
      region,
      regions,
      ledgerTable: args.ledger.tableName,
      stateTable: stateTableName,
      namePrefix: args.namePrefix,
      useCases: listsByUseCase,
      requestsPerSecond: args.reconcilerRequestsPerSecond ?? DEFAULT_RECONCILER_REQUESTS_PER_SECOND,
      peerSilenceSeconds,
    };
    this.reconciler = new aws.lambda.Function(
      `${name}-reconciler`,
      {
        region,
        name: reconcilerName,
        description:
          "Every minute: polls this Region's opt-out lists into the ledger, repairs them from it, publishes freshness.",
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: ["arm64"],
        handler: "index.reconcile",
        code: args.code,
        role: reconcilerRole.role.arn,
        memorySize: 512,
        // Lambda's maximum; the handler stops starting repairs 15 s before it and the next run resumes.
        timeout: 900,
        // Overlapping passes would only repeat each other's reads.
        reservedConcurrentExecutions: 1,
        environment: {
          variables: { [RECONCILER_SETTINGS_ENV]: JSON.stringify(reconcilerSettings) },
        },
        loggingConfig: { logFormat: "JSON", logGroup: reconcilerRole.logGroup.name },
        tags: args.tags,
      },
      { parent: this, dependsOn: [reconcilerRole.policy, reconcilerRole.logGroup] },
    );
    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-reconciler-invoke-config`,
      {
        region,
        functionName: this.reconciler.name,
        // The next scheduled run is the retry; Lambda's own retries would only queue behind a long pass.
        maximumRetryAttempts: 0,
        maximumEventAgeInSeconds: 60,
      },
      child,
    );
    const rule = new aws.cloudwatch.EventRule(
      `${name}-reconciler-schedule`,
      {
        region,
        description: `Runs ${reconcilerName}: polls this Region's opt-out lists into the ledger and repairs them from it.`,
        scheduleExpression: args.schedule ?? DEFAULT_RECONCILE_SCHEDULE,
        tags: args.tags,
      },
      child,
    );
    const permission = new aws.lambda.Permission(
      `${name}-reconciler-invoke`,
      {
        region,
        action: "lambda:InvokeFunction",
        function: this.reconciler.name,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      },
      child,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-reconciler-target`,
      { region, rule: rule.name, arn: this.reconciler.arn },
      { parent: this, dependsOn: [permission] },
    );

    // --- alarms: this Region failing vs a peer presumed down --------------------------------------
    this.alarm(name, "applier-errors", args, {
      description: `Decisions are not being applied to ${region}'s opt-out lists: replication into this healthy Region is failing (the applier calls no other Region, so a peer outage never raises this).`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: this.applier.name },
      statistic: "Sum",
      threshold: 0,
      evaluationPeriods: 3,
    });
    this.alarm(name, "applier-iterator-age", args, {
      description: `${region}'s applier is more than a minute behind the ledger stream.`,
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: this.applier.name },
      statistic: "Maximum",
      threshold: 60_000,
      evaluationPeriods: 3,
    });
    this.alarm(name, "reconciler-errors", args, {
      description: `${region}'s opt-out reconciliation fails: its lists could not be read, recorded or repaired, or freshness not published. A dead peer does not raise this.`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: this.reconciler.name },
      statistic: "Sum",
      threshold: 0,
      evaluationPeriods: 3,
    });
    this.alarm(name, "reconciler-not-running", args, {
      description: `${region}'s opt-out reconciliation has not run for 5 minutes: one-way opt-outs here are not being captured.`,
      namespace: "AWS/Lambda",
      metricName: "Invocations",
      dimensions: { FunctionName: this.reconciler.name },
      statistic: "Sum",
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      period: 300,
      evaluationPeriods: 1,
      treatMissingData: "breaching",
    });
    for (const useCase of useCases) {
      this.alarm(name, `${useCase}-behind`, args, {
        description: `${region}'s ${useCase} opt-out list has disagreed with the ledger for 5 minutes: decisions are not being applied here.`,
        namespace: LEDGER_METRICS_NAMESPACE,
        metricName: "Behind",
        dimensions: { Region: region, UseCase: useCase },
        statistic: "Minimum",
        threshold: 0,
        evaluationPeriods: 5,
      });
    }
    for (const peer of regions.filter((r) => r !== region).sort()) {
      this.alarm(name, `peer-${peer}-presumed-down`, args, {
        description: `No heartbeat from ${peer} has reached ${region}'s ledger replica for ${peerSilenceSeconds} s: ${peer} is presumed down (or replication from it has stopped). If every other Region raises this for ${peer}, it is an outage of ${peer}: see the runbook.`,
        namespace: LEDGER_METRICS_NAMESPACE,
        metricName: "PeerSilenceSeconds",
        dimensions: { Region: region, Peer: peer },
        statistic: "Minimum",
        threshold: peerSilenceSeconds,
        evaluationPeriods: 2,
      });
      this.alarm(name, `replication-to-${peer}`, args, {
        description: `Ledger writes made in ${region} take more than a minute to reach ${peer}. Raised by every Region for the same ${peer}: ${peer} is down. Raised only here while ${peer} is healthy: replication between healthy Regions is failing.`,
        namespace: "AWS/DynamoDB",
        metricName: "ReplicationLatency",
        dimensions: { TableName: args.ledger.tableName, ReceivingRegion: peer },
        statistic: "Average",
        threshold: 60_000,
        evaluationPeriods: 5,
      });
    }
    this.registerOutputs({ alarmTopicArn: this.alarmTopicArn });
  }

  private alarmTopic(name: string, args: OptOutReplicationArgs): pulumi.Output<string> {
    if (args.alarmTopicArn !== undefined) return pulumi.output(args.alarmTopicArn);
    return new aws.sns.Topic(
      `${name}-alarms`,
      {
        region: args.region,
        name: physicalNames.optOutAlarmTopic(args.namePrefix),
        tags: args.tags,
      },
      { parent: this },
    ).arn;
  }

  private alarm(
    name: string,
    key: string,
    args: OptOutReplicationArgs,
    spec: {
      description: string;
      namespace: string;
      metricName: string;
      dimensions: Record<string, pulumi.Input<string>>;
      statistic: string;
      threshold: number;
      evaluationPeriods: number;
      period?: number;
      comparisonOperator?: string;
      treatMissingData?: string;
    },
  ): void {
    this.alarms[key] = new aws.cloudwatch.MetricAlarm(
      `${name}-alarm-${key}`,
      {
        region: args.region,
        name: physicalNames.optOutAlarm(args.namePrefix, key),
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: spec.dimensions,
        statistic: spec.statistic,
        period: spec.period ?? 60,
        evaluationPeriods: spec.evaluationPeriods,
        threshold: spec.threshold,
        comparisonOperator: spec.comparisonOperator ?? "GreaterThanThreshold",
        treatMissingData: spec.treatMissingData ?? "notBreaching",
        alarmActions: [this.alarmTopicArn],
        okActions: [this.alarmTopicArn],
        tags: args.tags,
      },
      { parent: this },
    );
  }

  /** A function's log group and execution role, allowed only `grants` and writing its own logs. */
  private functionRole(
    name: string,
    functionName: string,
    args: OptOutReplicationArgs,
    grants: Grant[],
  ): { logGroup: aws.cloudwatch.LogGroup; role: aws.iam.Role; policy: aws.iam.RolePolicy } {
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        region: args.region,
        name: physicalNames.lambdaLogGroup(functionName),
        retentionInDays: args.logRetentionDays ?? 365,
        tags: args.tags,
      },
      { parent: this },
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `Execution role of ${functionName} in ${args.region}`,
        assumeRolePolicy: LAMBDA_TRUST_POLICY,
        tags: args.tags,
      },
      { parent: this },
    );
    const statements = [
      ...grants,
      {
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [pulumi.interpolate`${logGroup.arn}:*`],
      },
    ];
    const policy = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.name,
        policy: pulumi.all(statements.map((s) => pulumi.all(s.resources))).apply((resources) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: statements.map((s, i) => ({
              Effect: "Allow",
              Action: s.actions,
              Resource: [...new Set(resources[i])].sort(),
            })),
          }),
        ),
      },
      { parent: this },
    );
    return { logGroup, role, policy };
  }
}
