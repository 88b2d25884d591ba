import { LocalInvalidationBus } from '../accounts/invalidation-bus.ts';
import type { PrimaryLink } from './primary-link.ts';

/**
 * The invalidation bus between the workers of one server (revoked keys, changed channels and
 * models): local handlers run at once, and the primary passes the message on to every other
 * worker over IPC, where it arrives within milliseconds.
 */
export class ClusterInvalidationBus extends LocalInvalidationBus {
  constructor(
    private readonly link: PrimaryLink,
    private readonly topic: string,
  ) {
    super();
    link.subscribe(topic, (message) => this.deliver(message));
  }

  override publish(message: string): void {
    this.deliver(message);
    this.link.publish(this.topic, message);
  }
}
