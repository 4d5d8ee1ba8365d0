/**
 * One listener per Region, so a Region can fail at the transport level as a real outage
 * does: connections refused, accepted and never answered, or reset. A healthy listener hands
 * its connections to the endpoint's one HTTP server, so every Region shares the state,
 * request log, faults and rate limits; the Region a connection arrived for travels with its
 * socket, and the server rejects a request signed for another Region (a client routed to the
 * wrong endpoint is a bug worth seeing).
 */
import type { Server as HttpServer } from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";

/**
 * What a Region's listener does with connections:
 * - `up`: serve them (the default);
 * - `refuse`: stop listening, so connecting fails at once with `ECONNREFUSED`;
 * - `silent`: accept and never read or answer (a black-holed Region: the client's own
 *   timeout is the only way out);
 * - `reset`: accept and reset at once (`ECONNRESET`).
 */
export type TransportMode = "up" | "refuse" | "silent" | "reset";

interface Listener {
  readonly region: string;
  readonly server: Server;
  readonly port: number;
  mode: TransportMode;
  /** Connections accepted, whatever the mode did with them. */
  accepted: number;
  readonly sockets: Set<Socket>;
}

/** The per-Region listeners of an endpoint. */
export class RegionalTransport {
  private readonly listeners = new Map<string, Listener>();
  /** Which Region each served connection arrived for. */
  private readonly regionOfSocket = new WeakMap<Socket, string>();

  private constructor(private readonly http: HttpServer) {}

  /** Starts one listener on 127.0.0.1 per Region, on free ports. */
  static async start(http: HttpServer, regions: readonly string[]): Promise<RegionalTransport> {
    const transport = new RegionalTransport(http);
    for (const region of regions) await transport.listen(region);
    return transport;
  }

  private async listen(region: string, port = 0): Promise<void> {
    const server = createServer((socket) => this.accept(region, socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const existing = this.listeners.get(region);
    this.listeners.set(region, {
      region,
      server,
      port: (server.address() as AddressInfo).port,
      mode: "up",
      accepted: existing?.accepted ?? 0,
      sockets: existing?.sockets ?? new Set(),
    });
  }

  private accept(region: string, socket: Socket): void {
    const listener = this.listeners.get(region)!;
    listener.accepted += 1;
    listener.sockets.add(socket);
    socket.on("close", () => listener.sockets.delete(socket));
    // A client giving up on a silent or reset socket must not crash the endpoint.
    socket.on("error", () => undefined);
    switch (listener.mode) {
      case "reset":
        socket.resetAndDestroy();
        return;
      case "silent":
        socket.pause();
        return;
      default:
        this.regionOfSocket.set(socket, region);
        this.http.emit("connection", socket);
    }
  }

  /** Base URL of each Region's listener. */
  urls(): Record<string, string> {
    return Object.fromEntries(
      [...this.listeners.values()].map((l) => [l.region, `http://127.0.0.1:${l.port}`]),
    );
  }

  /** The Region whose listener accepted `socket`; undefined for the shared port. */
  regionOf(socket: Socket): string | undefined {
    return this.regionOfSocket.get(socket);
  }

  /** Connections a Region's listener has accepted (refused ones never arrive). */
  accepted(region: string): number {
    return this.listener(region).accepted;
  }

  /** The current mode of a Region. */
  mode(region: string): TransportMode {
    return this.listener(region).mode;
  }

  /**
   * Switches a Region's listener to `mode`. Open connections are dropped, so keep-alive
   * sockets pooled by clients cannot carry requests past the change.
   */
  async set(region: string, mode: TransportMode): Promise<void> {
    const listener = this.listener(region);
    for (const socket of listener.sockets) socket.destroy();
    if (listener.mode === "refuse" && mode !== "refuse") {
      await this.listen(region, listener.port);
    } else if (mode === "refuse" && listener.mode !== "refuse") {
      await new Promise<void>((resolve) => listener.server.close(() => resolve()));
    }
    this.listener(region).mode = mode;
  }

  /** Brings every Region back up and zeroes the counters. */
  async reset(): Promise<void> {
    for (const listener of [...this.listeners.values()]) {
      await this.set(listener.region, "up");
      this.listener(listener.region).accepted = 0;
    }
  }

  /** Stops every listener and drops every connection. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.listeners.values()].map(async (listener) => {
        for (const socket of listener.sockets) socket.destroy();
        if (listener.mode !== "refuse") {
          await new Promise<void>((resolve) => listener.server.close(() => resolve()));
        }
      }),
    );
  }

  private listener(region: string): Listener {
    const listener = this.listeners.get(region);
    if (!listener) {
      throw new Error(
        `the endpoint has no listener for ${region}; start it with regions: [${[...this.listeners.keys()].join(", ")}, "${region}"]`,
      );
    }
    return listener;
  }
}
