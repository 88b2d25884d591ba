import { Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './error-alert.tsx';

/**
 * A dialog with one form: OK submits, the submit runs with a spinner, a failure shows the API's
 * (translated) error under the form, a success resets the form. `onSubmit` resolving to false
 * means "not done" (e.g. a confirmation was declined): the dialog stays as it is.
 */
export function FormModal<Values extends object>(props: {
  open: boolean;
  title: ReactNode;
  /** The form's name (prefixes its fields' ids). */
  name: string;
  onClose(): void;
  onSubmit(values: Values): Promise<void | false>;
  initialValues?: Partial<Values>;
  width?: number;
  okText?: string;
  /** A form instance of the caller's, when it needs to read or set fields. */
  form?: FormInstance<Values>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [ownForm] = Form.useForm<Values>();
  const form = props.form ?? ownForm;
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      if ((await props.onSubmit(values)) !== false) form.resetFields();
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  };
  const close = () => {
    setError(null);
    props.onClose();
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      onOk={() => form.submit()}
      onCancel={close}
      okText={props.okText}
      confirmLoading={submitting}
      destroyOnHidden
      width={props.width}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name={props.name}
        onFinish={(values) => void submit(values)}
        initialValues={props.initialValues}
      >
        {props.children}
      </Form>
      {error !== null && <ErrorAlert error={error} title={t('admin.failed')} />}
    </Modal>
  );
}
