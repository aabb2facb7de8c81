/**
 * Port plan of the local services. Every port is explicit (none left to the services' random
 * choice) so that a busy port is caught before anything starts and two launchers never collide.
 */
import net from 'node:net';
import { PortInUseError } from './errors';

export interface ServicePorts {
  temporal: number;
  temporalHttp: number;
  temporalMetrics: number;
  /** 0 = headless (no web UI) */
  temporalUi: number;
  s3: number;
  s3Grpc: number;
  weedMaster: number;
  weedMasterGrpc: number;
  weedVolume: number;
  weedVolumeGrpc: number;
  weedFiler: number;
  weedFilerGrpc: number;
  weedMetrics: number;
  prometheus: number;
}

/** The services' customary ports, used when no port base is given. */
export const DEFAULT_PORTS: ServicePorts = {
  temporal: 7233,
  temporalHttp: 7243,
  temporalMetrics: 7244,
  temporalUi: 8233,
  s3: 8333,
  s3Grpc: 18333,
  weedMaster: 9333,
  weedMasterGrpc: 19333,
  weedVolume: 8080,
  weedVolumeGrpc: 18080,
  weedFiler: 8888,
  weedFilerGrpc: 18888,
  weedMetrics: 9327,
  prometheus: 9090,
};

/** A compact block of 21 ports starting at `base`, for tests and for running several stacks side by side. */
export function portsFromBase(base: number): ServicePorts {
  return {
    temporal: base,
    temporalHttp: base + 1,
    temporalMetrics: base + 2,
    temporalUi: base + 3,
    s3: base + 10,
    s3Grpc: base + 11,
    weedMaster: base + 12,
    weedMasterGrpc: base + 13,
    weedVolume: base + 14,
    weedVolumeGrpc: base + 15,
    weedFiler: base + 16,
    weedFilerGrpc: base + 17,
    weedMetrics: base + 18,
    prometheus: base + 20,
  };
}

/** What each port is for, in the words a PortInUseError uses. */
const PURPOSES: Record<keyof ServicePorts, string> = {
  temporal: 'temporal gRPC',
  temporalHttp: 'temporal HTTP API',
  temporalMetrics: 'temporal metrics',
  temporalUi: 'temporal-ui',
  s3: 's3 gateway',
  s3Grpc: 's3 gRPC',
  weedMaster: 'seaweedfs master',
  weedMasterGrpc: 'seaweedfs master gRPC',
  weedVolume: 'seaweedfs volume',
  weedVolumeGrpc: 'seaweedfs volume gRPC',
  weedFiler: 'seaweedfs filer',
  weedFilerGrpc: 'seaweedfs filer gRPC',
  weedMetrics: 'seaweedfs metrics',
  prometheus: 'prometheus',
};

/** Resolves true when nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws PortInUseError for the first busy port among `keys`. */
export async function assertPortsFree(ports: ServicePorts, keys: (keyof ServicePorts)[], host: string): Promise<void> {
  for (const key of keys) {
    const port = ports[key];
    if (port === 0) continue;
    if (!(await isPortFree(port, host))) throw new PortInUseError(port, PURPOSES[key]);
  }
}
