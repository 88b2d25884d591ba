import { useEffect, useRef, useState } from 'react';
import type { Job, JobProgress } from '@kaiyuan/api-contract/jobs.ts';
import { errorMessage } from './api-error.ts';
import { requestJson } from './http-client.ts';

export type { Job, JobProgress };

export function getJob(jobId: string, signal?: AbortSignal): Promise<Job> {
  return requestJson<Job>(`/v1/jobs/${encodeURIComponent(jobId)}`, { signal });
}

export function cancelJob(jobId: string): Promise<Job> {
  return requestJson<Job>(`/v1/jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST', body: {} });
}

export function isFinished(job: Job): boolean {
  return job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
}

/** Polls a background job until it finishes; calls onFinished once with the final state. */
export function useJob(
  jobId: string | null,
  onFinished: (job: Job) => void,
  fetchJob: (jobId: string, signal: AbortSignal) => Promise<Job> = getJob,
  intervalMs = 500,
) {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  useEffect(() => {
    if (!jobId) {
      setJob(null);
      return;
    }
    const controller = new AbortController();
    let timer = 0;
    const poll = async () => {
      try {
        const current = await fetchJob(jobId, controller.signal);
        setJob(current);
        setError(null);
        if (isFinished(current)) {
          finishedRef.current(current);
          return;
        }
      } catch (caught) {
        if (controller.signal.aborted) return;
        setError(errorMessage(caught));
      }
      timer = window.setTimeout(() => void poll(), intervalMs);
    };
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
    // fetchJob is a module-level function per caller; only a new job id restarts polling.
  }, [jobId, intervalMs]);

  return { job, error };
}
