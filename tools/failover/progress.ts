/**
 * Progress of a sync: a cli-progress bar on a terminal, a line every 10% otherwise (CI
 * logs, pipes), nothing in tests. Throttling is shown as it happens: a sync under a hard
 * rate limit waits as long as it takes, and the engineer should see that it is waiting, not
 * stuck.
 */
import { Presets, SingleBar } from "cli-progress";

/** Where progress goes. */
export interface ProgressSink {
  /** `done` of `total` are already settled (a resumed run). */
  start(total: number, done: number): void;
  advance(): void;
  /** A Region answered "slow down": the sync waits `delayMs` before trying again. Default: ignored. */
  waiting?(region: string, delayMs: number): void;
  stop(): void;
}

/** Discards progress. */
export const silentProgress: ProgressSink = { start() {}, advance() {}, stop() {} };

/** A bar on `stream` (a TTY). */
export function barProgress(stream: NodeJS.WritableStream = process.stderr): ProgressSink {
  const bar = new SingleBar(
    {
      stream,
      format:
        "opt-outs {bar} {value}/{total} settled | {percentage}% | {speed}/s | ETA {eta_formatted} {status}",
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let startedAt = 0;
  let resumed = 0;
  let throttledUntil = 0;
  let throttledBy = "";
  const status = () =>
    Date.now() < throttledUntil ? `| throttled by ${throttledBy}, backing off` : "";
  return {
    start(total, done) {
      startedAt = Date.now();
      resumed = done;
      bar.start(total, done, { speed: "0", status: "" });
    },
    advance() {
      const value = bar.getProgress() * bar.getTotal() + 1;
      const seconds = (Date.now() - startedAt) / 1000;
      bar.increment(1, {
        speed: seconds > 0 ? ((value - resumed) / seconds).toFixed(1) : "0",
        status: status(),
      });
    },
    waiting(region, delayMs) {
      throttledBy = region;
      throttledUntil = Date.now() + delayMs + 1_000;
      bar.update({ status: status() });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * A line at every 10% on `write` (non-TTY output), and at most one "throttled" line per
 * `throttleNoteMs` while a Region keeps slowing the sync down.
 *
 * @param throttleNoteMs minimum gap between throttling lines. Default: 10,000 ms.
 */
export function lineProgress(write: (line: string) => void, throttleNoteMs = 10_000): ProgressSink {
  let total = 0;
  let value = 0;
  let nextMark = 0;
  let lastNote = -Infinity;
  const report = () => {
    const percent = total === 0 ? 100 : Math.floor((value / total) * 100);
    if (percent >= nextMark) {
      write(`opt-outs settled: ${value}/${total} (${percent}%)`);
      nextMark = Math.floor(percent / 10) * 10 + 10;
    }
  };
  return {
    start(t, done) {
      total = t;
      value = done;
      report();
    },
    advance() {
      value++;
      report();
    },
    waiting(region, delayMs) {
      const now = Date.now();
      if (now - lastNote < throttleNoteMs) return;
      lastNote = now;
      write(
        `throttled by ${region}: backing off ${(delayMs / 1000).toFixed(1)} s and retrying (${value}/${total} settled; nothing is dropped)`,
      );
    },
    stop() {},
  };
}

/** The right sink for a stream: a bar on a TTY, lines otherwise. */
export function progressFor(
  stream: NodeJS.WriteStream,
  write: (line: string) => void,
): ProgressSink {
  return stream.isTTY ? barProgress(stream) : lineProgress(write);
}
