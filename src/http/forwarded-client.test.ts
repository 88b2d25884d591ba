import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressReader } from './forwarded-client.ts';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('the client address outside Fastify', () => {
  it('is the peer when no proxy is trusted, whatever the header says', () => {
    expect(clientAddressReader(false)(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
  });

  it('is the furthest hop when every proxy is trusted', () => {
    expect(clientAddressReader(true)(request('10.0.0.2', '198.51.100.1, 10.0.0.1'))).toBe('198.51.100.1');
  });

  it('is the nearest untrusted hop with a list of proxies, CIDR ranges included', () => {
    const read = clientAddressReader(['10.0.0.0/8']);
    expect(read(request('10.0.0.2', '198.51.100.1, 192.0.2.7, 10.0.0.1'))).toBe('192.0.2.7');
    // A peer outside the trusted range is the client, whatever it forwards.
    expect(read(request('192.0.2.50', '198.51.100.1'))).toBe('192.0.2.50');
  });
});
