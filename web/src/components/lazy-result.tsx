import type { ResultProps } from 'antd';
import { lazy, Suspense } from 'react';

// Ant Design's Result carries large illustrations (404, 403, 500); it is shown only when something
// is missing or broken, so it is fetched then, not with every page.
const Result = lazy(() => import('antd/es/result/index.js'));

/** Ant Design's Result, loaded when first shown. */
export function LazyResult(props: ResultProps) {
  return (
    <Suspense fallback={null}>
      <Result {...props} />
    </Suspense>
  );
}
