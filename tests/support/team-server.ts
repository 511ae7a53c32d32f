import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { parsePublicUrl } from '../../main/config/public-url';
import { startTestHttp, type TestHttp, type TestHttpOptions } from './http';
import { testCertificate } from './test-certificate';

// A team server as the desktop app meets it: the real browser-mode server on loopback behind a TLS front
// (what a load balancer or reverse proxy does), reached as https://127.0.0.1:<port> with a self-signed certificate.

export interface TestTeamServer {
  http: TestHttp;
  /** https://127.0.0.1:<port> */
  url: string;
  /** The PEM a client must be given to trust the front's certificate. */
  ca: string;
  close(): Promise<void>;
}

export async function startTestTeamServer(options: Omit<TestHttpOptions, 'publicUrl'> = {}): Promise<TestTeamServer> {
  const { key, cert } = await testCertificate();
  let backendPort = 0;
  const sockets = new Set<net.Socket>();
  const front = tls.createServer({ key, cert }, (socket) => {
    const backend = net.connect(backendPort, '127.0.0.1');
    for (const s of [socket, backend]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (socket.destroy(), backend.destroy()));
    }
    socket.pipe(backend).pipe(socket);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const http = await startTestHttp({ ...options, publicUrl: parsePublicUrl(url) });
  backendPort = Number(new URL(http.url).port);
  return {
    http,
    url,
    ca: cert,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await http.close();
    },
  };
}
