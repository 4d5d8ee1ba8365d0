/**
 * CloudWatch metrics from log lines (the Embedded Metric Format): a function with JSON logs
 * prints one object and CloudWatch Logs turns it into metrics. No `cloudwatch:PutMetricData`
 * grant is needed, and the metric is exactly as fresh as the log.
 */

/** Namespace of the opt-out ledger's own metrics (alarms in opt-out-replication.ts read them). */
export const LEDGER_METRICS_NAMESPACE = "Messaging/OptOutLedger";

/**
 * One EMF log object: `dimensions` name the metric's dimensions (their values are in the
 * object), `metrics` the values.
 */
export function emf(
  at: number,
  dimensions: Record<string, string>,
  metrics: Record<string, { value: number; unit: "Count" | "Seconds" }>,
): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: LEDGER_METRICS_NAMESPACE,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.entries(metrics).map(([Name, m]) => ({ Name, Unit: m.unit })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.value])),
  };
}
