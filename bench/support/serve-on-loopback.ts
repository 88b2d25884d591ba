import type { Server } from 'node:http';

/**
 * Listens on 127.0.0.1 (port 0: any free one) with long keep-alive, and prints `listening PORT`
 * for `startScript` (processes.ts) to read: the benchmark's upstream and proxies start this way.
 */
export function serveOnLoopback(server: Server, port: number): void {
  server.keepAliveTimeout = 120_000;
  // Exit on SIGTERM (stopProcess) through process.exit, so that a --cpu-prof run writes its profile.
  process.once('SIGTERM', () => process.exit(0));
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
  });
}
