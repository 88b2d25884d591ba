/**
 * The one way payments load a third-party SDK (alipay-sdk, wechatpay-axios-plugin, stripe, pdfkit):
 * on first use, not at start. Together they take seconds to import on a busy machine, which a
 * server or CLI run without payments (or without receipts) must not pay; the server bundle keeps
 * packages external, so only a dynamic import defers them. A package that cannot be loaded fails
 * with a message naming it and what needs it.
 */
export function sdkLoader<T>(packageName: string, usedFor: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw new Error(
        `${usedFor} needs the package '${packageName}', which could not be loaded: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }));
}
