import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/** Gateway opcodes the fake speaks (Discord gateway v10). */
const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, hello: 10, heartbeatAck: 11 } as const;

export interface GatewayState {
  /** Query strings of each connection, e.g. `v=10&encoding=json` (no `compress`: zlib-sync is not installed). */
  readonly connections: string[];
  readonly identifies: { token: string; intents: number; compress?: boolean; shard?: [number, number] }[];
  heartbeats: number;
}

export interface GatewayScript {
  /** READY's `d` (user, application, guilds: [{ id, unavailable: true }], session_id, resume_gateway_url). */
  ready: () => Record<string, unknown>;
  /** GUILD_CREATE payloads for the guilds READY listed as unavailable, sent right after READY. */
  guilds: () => Record<string, unknown>[];
  heartbeatIntervalMs: number;
}

/**
 * A Discord gateway on the fake's HTTP server: HELLO, then IDENTIFY → READY + GUILD_CREATE, heartbeats
 * acknowledged with op 11, and dispatches with increasing sequence numbers for whatever the test injects.
 * discord.js only turns ready after every guild READY listed has arrived (or after `waitGuildTimeout`, 15 s).
 */
export function attachGateway(server: Server, script: GatewayScript) {
  const wss = new WebSocketServer({ server });
  const state: GatewayState = { connections: [], identifies: [], heartbeats: 0 };
  const identified = new Set<WebSocket>();
  let sequence = 0;

  const send = (socket: WebSocket, payload: unknown) => socket.send(JSON.stringify(payload));
  const dispatchTo = (socket: WebSocket, t: string, d: unknown) => send(socket, { op: OP.dispatch, t, s: ++sequence, d });

  wss.on('connection', (socket, request) => {
    state.connections.push(new URL(request.url ?? '/', 'ws://fake').searchParams.toString());
    send(socket, { op: OP.hello, d: { heartbeat_interval: script.heartbeatIntervalMs } });
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (payload.op === OP.heartbeat) {
        state.heartbeats += 1;
        send(socket, { op: OP.heartbeatAck });
      } else if (payload.op === OP.identify) {
        state.identifies.push(payload.d as GatewayState['identifies'][number]);
        identified.add(socket);
        dispatchTo(socket, 'READY', script.ready());
        for (const guild of script.guilds()) dispatchTo(socket, 'GUILD_CREATE', guild);
      } else if (payload.op === OP.resume) {
        socket.close(4006, 'Session no longer valid');
      }
    });
    socket.on('close', () => identified.delete(socket));
  });

  return {
    state,
    /** Sends an op 0 dispatch to every identified connection. */
    dispatch(t: string, d: unknown) {
      for (const socket of identified) dispatchTo(socket, t, d);
    },
    get connected() {
      return identified.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
