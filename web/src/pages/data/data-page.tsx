import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.tsx';
import { useRouter } from '../../routing/router.tsx';
import { DatasetDetail } from './dataset-detail.tsx';
import { DatasetList } from './dataset-list.tsx';

/** The data workbench: datasets, imports, cleaning recipes, statistics and exports. ?dataset= opens one. */
export default function DataPage() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const datasetId = location.search.get('dataset');
  return (
    <>
      <PageHeader title={t('data.title')} subtitle={t('data.subtitle')} />
      {datasetId ? (
        <DatasetDetail datasetId={datasetId} onBack={() => navigate(location.path)} />
      ) : (
        <DatasetList onOpen={(id) => navigate(`${location.path}?dataset=${encodeURIComponent(id)}`)} />
      )}
    </>
  );
}
