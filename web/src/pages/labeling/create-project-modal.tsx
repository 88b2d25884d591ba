import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { listDatasets } from '../../api/datasets-api.ts';
import { createProject, type LabelingProject, type LabelKind, type LabelSchema } from '../../api/labeling-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';

interface ProjectValues {
  name: string;
  dataset: string;
  kind: LabelKind;
  labels: string[];
  multiple: boolean;
  overlap: number;
  instructions: string;
}

const kinds: LabelKind[] = ['classification', 'spans', 'rating', 'preference', 'response'];

function schemaOf(values: ProjectValues): LabelSchema {
  switch (values.kind) {
    case 'classification':
      return { kind: 'classification', labels: values.labels, multiple: values.multiple };
    case 'spans':
      return { kind: 'spans', labels: values.labels };
    case 'rating':
      return { kind: 'rating', min: 1, max: 5 };
    case 'preference':
      return { kind: 'preference', allowTie: true };
    default:
      return { kind: values.kind } as LabelSchema;
  }
}

/** A project labels one dataset version; the signed-in user is its first annotator. */
export function CreateProjectModal(props: {
  open: boolean;
  userId: string;
  onClose(): void;
  onCreated(project: LabelingProject): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ProjectValues>();
  const datasets = useApiResource((signal) => (props.open ? listDatasets(signal) : Promise.resolve([])), [props.open]);
  const kind = Form.useWatch('kind', form);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: ProjectValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const project = await createProject({
        name: values.name.trim(),
        dataset: values.dataset,
        labelSchema: schemaOf(values),
        overlap: values.overlap,
        instructions: values.instructions?.trim() || undefined,
        annotators: [props.userId],
      });
      form.resetFields();
      props.onCreated(project);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('labeling.createProject')}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={submitting}
      destroyOnHidden
      width={560}
    >
      <Form<ProjectValues>
        form={form}
        layout="vertical"
        name="create-project"
        onFinish={submit}
        initialValues={{ kind: 'classification', labels: [], multiple: false, overlap: 1 }}
      >
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[{ required: true, whitespace: true, message: t('extra.projectNameRequired') }]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item
          name="dataset"
          label={t('labeling.dataset')}
          rules={[{ required: true, message: t('labeling.datasetRequired') }]}
        >
          <Select
            loading={datasets.loading}
            options={(datasets.data ?? [])
              .filter((dataset) => dataset.latestVersion > 0)
              .map((dataset) => ({ value: dataset.id, label: `${dataset.name} (v${dataset.latestVersion})` }))}
            data-testid="project-dataset"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('labeling.kind')}>
          <Select options={kinds.map((value) => ({ value, label: t(`labeling.kinds.${value}`) }))} />
        </Form.Item>
        {(kind === 'classification' || kind === 'spans') && (
          <Form.Item
            name="labels"
            label={t('labeling.labels')}
            extra={t('labeling.labelsHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('labeling.labelsRequired') }]}
          >
            <Select mode="tags" open={false} tokenSeparators={[',', '，']} data-testid="project-labels" />
          </Form.Item>
        )}
        {kind === 'classification' && (
          <Form.Item name="multiple" label={t('labeling.multiple')}>
            <Select
              options={[
                { value: false, label: t('dashboard.no') },
                { value: true, label: t('dashboard.yes') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="overlap" label={t('labeling.overlap')} extra={t('labeling.overlapHint')}>
          <InputNumber min={1} max={20} precision={0} />
        </Form.Item>
        <Form.Item name="instructions" label={t('labeling.instructions')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={20_000} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </Modal>
  );
}
