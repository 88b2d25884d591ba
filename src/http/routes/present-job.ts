import type { Job } from '../../api-contract/jobs.ts';
import type { JobRecord } from '../../jobs/job-types.ts';

/** A background job as the API shows it (data and labeling jobs alike): all but its payload and its version. */
export function presentJob(job: JobRecord): Job {
  const { payload: _payload, payloadVersion: _payloadVersion, ...rest } = job;
  return { object: 'job', ...rest };
}
