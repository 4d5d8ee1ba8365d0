/**
 * Opt-out replication in one Region: the Lambda functions of `lambda/` (bundled by
 * lambda-bundle.ts), least-privilege roles, their log groups, and their triggers.
 *
 * - The **replicator** is subscribed to the Region's two-way inbound topics and writes each
 *   opt-out it sees to the same-named list in every peer Region (and in its own Region for
 *   self-managed use cases, where AWS records nothing). Failed events go to a dead-letter
 *   queue after Lambda's retries.
 * - The **reconciler** runs on a schedule and adds to this Region's lists whatever the
 *   union of every Region's copy holds, which also covers one-way use cases (AWS-managed
 *   STOP handling records opt-outs only where they arrive).
 *
 * Neither function can remove an opt-out: their roles grant no DeleteOptedOutNumber.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  RECONCILER_SETTINGS_ENV,
  REPLICATOR_SETTINGS_ENV,
  type ReconcilerSettings,
  type ReplicatorSettings,
} from "../../lambda/lib/settings";

/** A use case's opt-out list: one name, one ARN per Region. */
export interface ReplicatedList {
  name: string;
  arns: Record<string, pulumi.Input<string>>;
}

/** A two-way use case's inbound topic in this Region. */
export interface ReplicatedInbound {
  topicArn: pulumi.Input<string>;
  /** The use case keeps opt-outs itself, so AWS records none: write the own Region too. */
  selfManagedOptOuts: boolean;
}

export interface OptOutReplicationArgs {
  /** Region the functions run in. */
  region: string;
  /** Every Region of the estate (this one included). */
  regions: string[];
  /** Prefix of the functions' names (`<namePrefix>-opt-out-replicator`, `-reconciler`). */
  namePrefix: string;
  /** Every use case's opt-out list, by use case. */
  optOutLists: Record<string, ReplicatedList>;
  /** This Region's two-way use cases; no replicator is declared when there are none. */
  inbound: Record<string, ReplicatedInbound>;
  /** The bundle (lambda-bundle.ts), shared by both functions. */
  code: pulumi.asset.Archive;
  /** When the reconciler runs (EventBridge expression). Default: "rate(15 minutes)". */
  schedule?: string;
  /** The reconciler's writes per second to this Region. Default: 10. */
  writesPerSecond?: number;
  /** Days to keep the functions' logs (the audit trail of replicated opt-outs). Default: 365. */
  logRetentionDays?: number;
  /** Default: none. */
  tags?: Record<string, string>;
}

/** Default schedule of the reconciler: a missed real-time write is repaired within 15 minutes. */
export const DEFAULT_RECONCILE_SCHEDULE = "rate(15 minutes)";

/**
 * Conservative default write rate: AWS publishes no per-operation quota for
 * PutOptedOutNumber that we could cite (digest §13), and the reconciler shares the
 * Region's API quota with sending applications.
 */
export const DEFAULT_RECONCILE_WRITES_PER_SECOND = 10;

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

/** One Region's replication. Token `messaging:failover:OptOutReplication`. */
export class OptOutReplication extends pulumi.ComponentResource {
  /** The real-time replicator; undefined when the Region has no two-way use case. */
  readonly replicator?: aws.lambda.Function;
  readonly reconciler: aws.lambda.Function;

  constructor(name: string, args: OptOutReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:failover:OptOutReplication", name, {}, opts);
    const { region, regions } = args;
    const useCases = Object.keys(args.optOutLists).sort();
    const twoWay = Object.keys(args.inbound).sort();
    for (const useCase of twoWay) {
      if (!args.optOutLists[useCase]) {
        throw new Error(
          `opt-out replication ${name}: two-way use case ${useCase} has no opt-out list`,
        );
      }
    }
    const child = { parent: this };

    if (twoWay.length > 0) {
      const functionName = `${args.namePrefix}-opt-out-replicator`;
      const dlq = new aws.sqs.Queue(
        `${name}-replicator-dlq`,
        {
          region,
          // The longest SQS keeps a message: time to replay opt-outs that failed every retry.
          messageRetentionSeconds: 1_209_600,
          sqsManagedSseEnabled: true,
          tags: args.tags,
        },
        child,
      );
      const targets = twoWay.flatMap((useCase) =>
        regions
          .filter((r) => r !== region || args.inbound[useCase].selfManagedOptOuts)
          .map((r) => args.optOutLists[useCase].arns[r]),
      );
      const { logGroup, role, policy } = this.functionRole(
        `${name}-replicator`,
        functionName,
        args,
        [
          { actions: ["sms-voice:PutOptedOutNumber"], resources: targets },
          { actions: ["sqs:SendMessage"], resources: [dlq.arn] },
        ],
      );
      const settings = pulumi
        .all(twoWay.map((useCase) => args.inbound[useCase].topicArn))
        .apply((topicArns) =>
          JSON.stringify({
            region,
            regions,
            topics: Object.fromEntries(
              twoWay.map((useCase, i) => [
                topicArns[i],
                {
                  optOutListName: args.optOutLists[useCase].name,
                  includeOwnRegion: args.inbound[useCase].selfManagedOptOuts,
                },
              ]),
            ),
          } satisfies ReplicatorSettings),
        );
      this.replicator = new aws.lambda.Function(
        `${name}-replicator`,
        {
          region,
          name: functionName,
          description:
            "Writes STOP-style replies from the two-way inbound topics to every peer Region's opt-out list.",
          runtime: aws.lambda.Runtime.NodeJS22dX,
          architectures: ["arm64"],
          handler: "index.replicate",
          code: args.code,
          role: role.arn,
          memorySize: 256,
          // Up to 4 attempts per peer with 3 s timeouts, with room to spare.
          timeout: 60,
          environment: { variables: { [REPLICATOR_SETTINGS_ENV]: settings } },
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
            function: this.replicator.name,
            principal: "sns.amazonaws.com",
            sourceArn: topicArn,
          },
          child,
        );
        new aws.sns.TopicSubscription(
          `${name}-${useCase}-subscription`,
          { region, topic: topicArn, protocol: "lambda", endpoint: this.replicator.arn },
          { parent: this, dependsOn: [permission] },
        );
      }
    }

    const functionName = `${args.namePrefix}-opt-out-reconciler`;
    const everyCopy = useCases.flatMap((useCase) =>
      regions.map((r) => args.optOutLists[useCase].arns[r]),
    );
    const ownCopies = useCases.map((useCase) => args.optOutLists[useCase].arns[region]);
    const { logGroup, policy, role } = this.functionRole(`${name}-reconciler`, functionName, args, [
      { actions: ["sms-voice:DescribeOptedOutNumbers"], resources: everyCopy },
      { actions: ["sms-voice:PutOptedOutNumber"], resources: ownCopies },
    ]);
    const reconcilerSettings: ReconcilerSettings = {
      region,
      regions,
      optOutListNames: useCases.map((useCase) => args.optOutLists[useCase].name),
      writesPerSecond: args.writesPerSecond ?? DEFAULT_RECONCILE_WRITES_PER_SECOND,
    };
    this.reconciler = new aws.lambda.Function(
      `${name}-reconciler`,
      {
        region,
        name: functionName,
        description:
          "Adds to this Region's opt-out lists every number any peer Region's copy holds.",
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: ["arm64"],
        handler: "index.reconcile",
        code: args.code,
        role: role.arn,
        memorySize: 256,
        // Lambda's maximum; the handler stops starting writes 15 s before it and the next run resumes.
        timeout: 900,
        // Overlapping runs would only repeat each other's writes.
        reservedConcurrentExecutions: 1,
        environment: {
          variables: { [RECONCILER_SETTINGS_ENV]: JSON.stringify(reconcilerSettings) },
        },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        tags: args.tags,
      },
      { parent: this, dependsOn: [policy, logGroup] },
    );
    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-reconciler-invoke-config`,
      {
        region,
        functionName: this.reconciler.name,
        // The next scheduled run is the retry; Lambda's own retries would overlap it.
        maximumRetryAttempts: 0,
      },
      child,
    );
    const rule = new aws.cloudwatch.EventRule(
      `${name}-reconciler-schedule`,
      {
        region,
        description: `Runs ${functionName} to make this Region's opt-out lists the union of every Region's.`,
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
    this.registerOutputs({});
  }

  /** A function's log group and execution role, allowed only `grants` and writing its own logs. */
  private functionRole(
    name: string,
    functionName: string,
    args: OptOutReplicationArgs,
    grants: { actions: string[]; resources: pulumi.Input<string>[] }[],
  ): { logGroup: aws.cloudwatch.LogGroup; role: aws.iam.Role; policy: aws.iam.RolePolicy } {
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        region: args.region,
        name: `/aws/lambda/${functionName}`,
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
