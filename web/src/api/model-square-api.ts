import type {
  ModelSquare,
  ModelSquareSettings,
  SquareFreeOffer,
  SquareModel,
  SquarePlanPrice,
} from '@kaiyuan/api-contract/model-square.ts';
import { requestJson } from './http-client.ts';

export type { ModelSquare, ModelSquareSettings, SquareFreeOffer, SquareModel, SquarePlanPrice };

/** The public model square (no sign-in needed). */
export function fetchModelSquare(signal?: AbortSignal): Promise<ModelSquare> {
  return requestJson<ModelSquare>('/console/api/square/models', { signal });
}

export function fetchModelSquareSettings(signal?: AbortSignal): Promise<ModelSquareSettings> {
  return requestJson<ModelSquareSettings>('/admin/v1/model-square/settings', { signal });
}

export function setModelSquareEnabled(enabled: boolean): Promise<ModelSquareSettings> {
  return requestJson<ModelSquareSettings>('/admin/v1/model-square/settings', { method: 'PUT', body: { enabled } });
}
