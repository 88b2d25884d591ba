import { GiftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { redeemCode } from '../../api/admin-billing-api.ts';

/** Redeems a code (KY-XXXX-…) into the organization's balance. */
export function RedeemCodeCard({ onRedeemed }: { onRedeemed(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ code }: { code: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      const entry = await redeemCode(code.trim());
      void message.success(t('billing.redeemed', { amount: entry.amount }));
      form.resetFields();
      onRedeemed();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card size="small" title={t('billing.redeemTitle')} style={{ height: '100%' }}>
      <Form form={form} layout="inline" name="redeem" onFinish={submit} disabled={submitting} style={{ rowGap: 8 }}>
        <Form.Item
          name="code"
          rules={[{ required: true, whitespace: true, message: t('billing.codeRequired') }]}
          style={{ flex: 1, minWidth: 220 }}
        >
          <Input
            aria-label={t('billing.code')}
            placeholder="KY-XXXX-XXXX-XXXX-XXXX"
            autoComplete="off"
            data-testid="redeem-input"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<GiftOutlined />}
          loading={submitting}
          data-testid="redeem-submit"
        >
          {t('billing.redeem')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 12 }} />}
    </Card>
  );
}
