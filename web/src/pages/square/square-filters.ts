import type { SquareModel, SquarePlanPrice } from '../../api/model-square-api.ts';

export interface SquareFilter {
  /** Words that must all appear in the model's id, name, provider, license, description or capabilities. */
  query: string;
  capability: string | null;
  provider: string | null;
}

export function filterSquare(models: readonly SquareModel[], filter: SquareFilter): SquareModel[] {
  const words = filter.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return models.filter((model) => {
    if (filter.capability && !capabilitiesOf(model).includes(filter.capability)) return false;
    if (filter.provider && model.provider !== filter.provider) return false;
    if (words.length === 0) return true;
    const haystack = [
      model.id,
      model.name,
      model.provider,
      model.license ?? '',
      model.description ?? '',
      ...capabilitiesOf(model),
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** A model listing no capabilities counts as chat (as /v1/models says). */
export function capabilitiesOf(model: SquareModel): string[] {
  return model.capabilities.length === 0 ? ['chat'] : model.capabilities;
}

/** The values a filter offers: every capability and provider present, sorted. */
export function filterOptions(models: readonly SquareModel[]): { capabilities: string[]; providers: string[] } {
  return {
    capabilities: [...new Set(models.flatMap(capabilitiesOf))].sort(),
    providers: [...new Set(models.map((model) => model.provider))].sort(),
  };
}

/** The price a card shows: the sign-up plan's when it may use the model, else the lowest input price. */
export function headlinePrice(model: SquareModel): SquarePlanPrice | null {
  return (
    model.prices.find((price) => price.signupPlan) ??
    [...model.prices].sort((left, right) => left.input - right.input || left.output - right.output)[0] ??
    null
  );
}

/** Whether the model answers chat completions (the code sample is a chat call then). */
export function isChat(model: SquareModel): boolean {
  return capabilitiesOf(model).some((capability) => !['embeddings', 'rerank'].includes(capability));
}
