/**
 * Progress of a sync: a cli-progress bar on a terminal, a line every 10% otherwise (CI
 * logs, pipes), nothing in tests.
 */
import { Presets, SingleBar } from "cli-progress";

/** Where progress goes. */
export interface ProgressSink {
  /** `done` of `total` are already written (a resumed run). */
  start(total: number, done: number): void;
  advance(): void;
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
        "opt-outs {bar} {value}/{total} written | {percentage}% | {speed}/s | ETA {eta_formatted}",
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let startedAt = 0;
  let resumed = 0;
  return {
    start(total, done) {
      startedAt = Date.now();
      resumed = done;
      bar.start(total, done, { speed: "0" });
    },
    advance() {
      const value = bar.getProgress() * bar.getTotal() + 1;
      const seconds = (Date.now() - startedAt) / 1000;
      bar.increment(1, { speed: seconds > 0 ? ((value - resumed) / seconds).toFixed(1) : "0" });
    },
    stop() {
      bar.stop();
    },
  };
}

/** A line at every 10% on `write` (non-TTY output). */
export function lineProgress(write: (line: string) => void): ProgressSink {
  let total = 0;
  let value = 0;
  let nextMark = 0;
  const report = () => {
    const percent = total === 0 ? 100 : Math.floor((value / total) * 100);
    if (percent >= nextMark) {
      write(`opt-outs written: ${value}/${total} (${percent}%)`);
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
