import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/api-error.ts';
import { bulkReview, type BulkReviewResult } from '../../api/labeling-api.ts';

/** "3 · labels differ", … for the tasks a bulk review left alone. */
export function SkippedReasons({ skipped }: { skipped: Record<string, number> }) {
  const { t, i18n } = useTranslation();
  const entries = Object.entries(skipped).filter(([, count]) => count > 0);
  if (entries.length === 0) return null;
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="skipped-reasons">
      {entries.map(([reason, count]) => (
        <li key={reason}>
          {t(`labelingReview.skipReasons.${reason}`, { defaultValue: reason })}: {number.format(count)}
        </li>
      ))}
    </ul>
  );
}

/**
 * Bulk review (owners and admins): accept every unanimous task, accept the majority label, or
 * accept / reject the selected tasks. Accepting first asks the server how many tasks the rule
 * would take (a dry run) and says so in the confirmation; nothing changes before OK.
 */
export function BulkReviewBar({
  projectId,
  selected,
  onDone,
}: {
  projectId: string;
  selected: string[];
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');

  const accept = async (rule: 'unanimous' | 'majority', which: string, taskIds?: string[]) => {
    setBusy(which);
    try {
      const preview = await bulkReview(projectId, { action: 'accept', rule, taskIds, dryRun: true });
      const details = (result: BulkReviewResult) => (
        <div data-testid="bulk-confirm-body">
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {t('labelingReview.bulk.willAccept', { count: result.reviewed, considered: result.considered })}
          </Typography.Paragraph>
          {Object.keys(result.skipped).length > 0 && (
            <Typography.Text type="secondary">{t('labelingReview.bulk.leftAlone')}</Typography.Text>
          )}
          <SkippedReasons skipped={result.skipped} />
        </div>
      );
      if (preview.reviewed === 0) {
        modal.info({ title: t('labelingReview.bulk.nothingTitle'), content: details(preview) });
        return;
      }
      modal.confirm({
        title: t(`labelingReview.bulk.confirm.${rule}`, { count: preview.reviewed }),
        content: details(preview),
        okText: t('labelingReview.bulk.acceptCount', { count: preview.reviewed }),
        cancelText: t('common.cancel'),
        onOk: async () => {
          try {
            const done = await bulkReview(projectId, { action: 'accept', rule, taskIds });
            void message.success(t('labelingReview.bulk.accepted', { count: done.reviewed }));
            onDone();
          } catch (caught) {
            void message.error(errorMessage(caught));
          }
        },
      });
    } catch (caught) {
      void message.error(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  };

  const reject = async () => {
    if (!comment.trim()) return;
    setBusy('reject');
    try {
      const done = await bulkReview(projectId, { action: 'reject', taskIds: selected, comment: comment.trim() });
      setRejecting(false);
      setComment('');
      void message.success(t('labelingReview.bulk.rejected', { count: done.reviewed }));
      onDone();
    } catch (caught) {
      void message.error(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex wrap gap={8} align="center" data-testid="bulk-review">
      <Button
        icon={<CheckCircleOutlined />}
        loading={busy === 'unanimous'}
        onClick={() => void accept('unanimous', 'unanimous')}
        data-testid="bulk-unanimous"
      >
        {t('labelingReview.bulk.unanimous')}
      </Button>
      <Button
        icon={<CheckCircleOutlined />}
        loading={busy === 'majority'}
        onClick={() => void accept('majority', 'majority')}
        data-testid="bulk-majority"
      >
        {t('labelingReview.bulk.majority')}
      </Button>
      <Typography.Text type="secondary">
        {t('labelingReview.bulk.selected', { count: selected.length })}
      </Typography.Text>
      <Button
        type="primary"
        disabled={selected.length === 0}
        loading={busy === 'selection'}
        onClick={() => void accept('majority', 'selection', selected)}
        data-testid="bulk-accept-selected"
      >
        {t('labelingReview.bulk.acceptSelected')}
      </Button>
      <Button
        danger
        icon={<CloseCircleOutlined />}
        disabled={selected.length === 0}
        onClick={() => {
          setComment(t('labeling.rejectComment'));
          setRejecting(true);
        }}
        data-testid="bulk-reject-selected"
      >
        {t('labelingReview.bulk.rejectSelected')}
      </Button>
      <Modal
        open={rejecting}
        title={t('labelingReview.bulk.rejectTitle', { count: selected.length })}
        okText={t('labeling.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: !comment.trim(), loading: busy === 'reject' }}
        onOk={() => void reject()}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('labelingReview.bulk.rejectHint')}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('labelingReview.bulk.rejectComment')}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={5000}
          autoSize={{ minRows: 3, maxRows: 8 }}
          data-testid="bulk-reject-comment"
        />
      </Modal>
    </Flex>
  );
}
