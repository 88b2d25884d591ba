import { Col, Empty, Input, Row, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isChatModel, type CatalogModel } from '../../api/models-api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useRouter } from '../../routing/router.tsx';
import { ModelCard } from './model-card.tsx';
import { useModels } from './use-models.ts';

function matches(model: CatalogModel, query: string): boolean {
  if (!query) return true;
  const haystack = [
    model.id,
    model.owned_by,
    model.license ?? '',
    ...(model.capabilities ?? []),
    ...(model.providers ?? []).flatMap((provider) => [
      provider.provider,
      provider.deployment,
      provider.upstream_model,
      ...(provider.tags ?? []),
    ]),
  ]
    .join(' ')
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

export default function ModelsPage() {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const { models, loading, error, reload } = useModels();
  const [query, setQuery] = useState('');
  const shown = useMemo(() => models.filter((model) => matches(model, query.trim())), [models, query]);

  return (
    <>
      <PageHeader
        title={t('models.title')}
        subtitle={t('models.subtitle')}
        extra={
          <Input.Search
            allowClear
            aria-label={t('common.search')}
            placeholder={t('models.searchPlaceholder')}
            onChange={(event) => setQuery(event.target.value)}
            style={{ width: 340, maxWidth: '100%' }}
          />
        }
      />
      {error !== null && <ErrorAlert error={error} onRetry={reload} />}
      {loading && <Skeleton active paragraph={{ rows: 6 }} />}
      {!loading && !error && (
        <>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
            {t('models.count', { count: shown.length })}
          </Typography.Text>
          {shown.length === 0 ? (
            <Empty description={t('models.empty')} />
          ) : (
            <Row gutter={[16, 16]}>
              {shown.map((model) => (
                <Col key={model.id} xs={24} md={12} xxl={8}>
                  <ModelCard
                    model={model}
                    onTry={
                      isChatModel(model)
                        ? () => navigate(`/playground?model=${encodeURIComponent(model.id)}`)
                        : undefined
                    }
                  />
                </Col>
              ))}
            </Row>
          )}
        </>
      )}
    </>
  );
}
