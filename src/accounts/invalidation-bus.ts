import { Redis } from 'ioredis';

/**
 * Tells every replica to drop cached credentials (revoked key, logged-out session, changed org).
 * Local handlers run at once; with Redis the message reaches the other replicas through pub/sub.
 */
export interface InvalidationBus {
  publish(message: string): void;
  subscribe(handler: (message: string) => void): void;
  close(): Promise<void>;
}

export class LocalInvalidationBus implements InvalidationBus {
  protected readonly handlers: Array<(message: string) => void> = [];

  publish(message: string): void {
    this.deliver(message);
  }

  subscribe(handler: (message: string) => void): void {
    this.handlers.push(handler);
  }

  protected deliver(message: string): void {
    for (const handler of this.handlers) handler(message);
  }

  async close(): Promise<void> {}
}

export class RedisInvalidationBus extends LocalInvalidationBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(
    url: string,
    private readonly channel = 'kaiyuan:credentials-invalidated',
  ) {
    super();
    this.publisher = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null });
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    void this.subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscriber.on('message', (channel, message) => {
      if (channel === this.channel) this.deliver(message);
    });
  }

  override publish(message: string): void {
    this.deliver(message);
    void this.publisher.publish(this.channel, message).catch(() => undefined);
  }

  override async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
