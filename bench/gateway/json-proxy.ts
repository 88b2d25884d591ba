/**
 * The floor for a gateway that reads what it forwards: the minimal proxy plus what any gateway that
 * routes by model must do at the least — parse the request body, set the upstream model, serialize
 * it; parse the answer (every event of a stream), set the client's model, serialize it
 * (`bench/support/json-forward.ts`). No auth, limits, metering or routing; `metering-proxy.ts` adds
 * the metering commit. `node --import tsx json-proxy.ts PORT UPSTREAM_ORIGIN`.
 */
import { jsonForward } from '../support/json-forward.ts';
import { runProxy } from '../support/proxy-process.ts';

runProxy(jsonForward());
