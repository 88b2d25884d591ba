import { Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { getProject } from '../../api/labeling-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useRouter } from '../../routing/router.tsx';
import { AnnotationScreen } from './annotation-screen.tsx';
import { ProjectList } from './project-list.tsx';
import { ProjectOverview } from './project-overview.tsx';
import { filtersFromSearch, searchWithFilters, type TaskFilters } from './task-filters.ts';

/**
 * Labeling: projects (?project=), the annotation queue (&mode=annotate), review and agreement.
 * The review list's filters live in the URL too (&status=&meta=&disagreement=&suggested=&maxConfidence=).
 */
export default function LabelingPage() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const projectId = location.search.get('project');
  const annotating = location.search.get('mode') === 'annotate';
  const open = (id: string, annotate = false) =>
    navigate(`${location.path}?project=${encodeURIComponent(id)}${annotate ? '&mode=annotate' : ''}`);
  return (
    <>
      <PageHeader title={t('labeling.title')} subtitle={t('labeling.subtitle')} />
      {projectId ? (
        <ProjectView
          projectId={projectId}
          annotating={annotating}
          filters={filtersFromSearch(location.search)}
          onFiltersChange={(filters) =>
            navigate(`${location.path}?${searchWithFilters(location.search, filters).toString()}`)
          }
          onOpen={open}
          onBack={() => navigate(location.path)}
        />
      ) : (
        <ProjectList onOpen={(id) => open(id)} />
      )}
    </>
  );
}

function ProjectView(props: {
  projectId: string;
  annotating: boolean;
  filters: TaskFilters;
  onFiltersChange(filters: TaskFilters): void;
  onOpen(id: string, annotate?: boolean): void;
  onBack(): void;
}) {
  const project = useApiResource((signal) => getProject(props.projectId, signal), [props.projectId]);
  if (project.error !== null) return <ErrorAlert error={project.error} onRetry={project.reload} />;
  if (!project.data) return <Skeleton active />;
  return props.annotating ? (
    <AnnotationScreen project={project.data} onBack={() => props.onOpen(props.projectId)} />
  ) : (
    <ProjectOverview
      project={project.data}
      filters={props.filters}
      onFiltersChange={props.onFiltersChange}
      onBack={props.onBack}
      onAnnotate={() => props.onOpen(props.projectId, true)}
    />
  );
}
