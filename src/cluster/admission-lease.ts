/**
 * Admission leases (decision 043): with a request admitted by the primary, a worker of `kaiyuan
 * serve --workers N` may be lent a share of the request's counters and budget — room for
 * `leaseRequests` more requests like it — and admit those requests itself, without the round trip.
 * The primary counts a lease as used the moment it lends it, so admissions never exceed a limit or
 * a budget whoever admits them; it lends only where the headroom left after the lease is large, and
 * every lease goes back (its unused part) within `leaseMs`.
 */

/** Requests like the one admitted that a lease makes room for. */
export const leaseRequests = 32;
/** How long a lease may be used; the worker gives the rest back then. */
export const leaseMs = 100;
/** A lease is lent only when the room left beside it is at least this many times the lease. */
export const leaseHeadroom = 4;

/** A lease as the primary sends it with an admission. */
export interface AdmissionLease {
  id: number;
  /** When the worker stops using it (ms since the epoch; one clock for every process of a machine). */
  expiresAt: number;
  /** Per counter of the request, in its order: the amount lent. */
  units: number[];
  /** Per counter: the window's use once the lease was lent (the rate-limit headers start from it). */
  used: number[];
  /** Per counter: when its window ends (ms since the epoch). */
  windowEnds: number[];
  /** The budget lent (held in the primary). */
  hold: number;
}
