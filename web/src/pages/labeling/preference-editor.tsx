import { Button, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LabelValue } from '../../api/labeling-api.ts';
import { useShortcuts } from './use-shortcuts.ts';

type Choice = 'a' | 'b' | 'tie';

/** Which of two responses is better: 1 / A for the first, 2 / B for the second, T for a tie. */
export function PreferenceEditor(props: {
  responses: { a: string; b: string } | null;
  allowTie: boolean;
  value: LabelValue | null;
  onChange(value: LabelValue): void;
}) {
  const { t } = useTranslation();
  const preferred = props.value && 'preferred' in props.value ? props.value.preferred : null;
  const choose = (choice: Choice) => props.onChange({ preferred: choice });
  useShortcuts({
    '1': () => choose('a'),
    a: () => choose('a'),
    '2': () => choose('b'),
    b: () => choose('b'),
    ...(props.allowTie ? { t: () => choose('tie') } : {}),
  });
  if (!props.responses) return <Typography.Text type="warning">{t('labeling.noResponses')}</Typography.Text>;
  return (
    <Flex vertical gap={12}>
      <Row gutter={12}>
        {(['a', 'b'] as const).map((side, index) => (
          <Col span={12} key={side}>
            <Card
              size="small"
              title={`${t('labeling.response')} ${side.toUpperCase()}`}
              extra={<Tag>{`${index + 1} / ${side.toUpperCase()}`}</Tag>}
              style={{ borderColor: preferred === side ? '#1677ff' : undefined, height: '100%' }}
            >
              <p className="plain-text">{props.responses![side]}</p>
              <Button
                type={preferred === side ? 'primary' : 'default'}
                onClick={() => choose(side)}
                style={{ marginTop: 8 }}
              >
                {t('labeling.prefer', { side: side.toUpperCase() })}
              </Button>
            </Card>
          </Col>
        ))}
      </Row>
      {props.allowTie && (
        <Button type={preferred === 'tie' ? 'primary' : 'default'} onClick={() => choose('tie')}>
          {t('labeling.tie')} (T)
        </Button>
      )}
    </Flex>
  );
}
