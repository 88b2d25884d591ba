import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Modal, Select, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n/language.ts';
import {
  builtInPresets,
  deletePreset,
  loadSavedPresets,
  PresetError,
  presetStorage,
  savePreset,
  type PromptPreset,
} from './prompt-presets.ts';

/** Built-in (bilingual) and saved system prompts: choosing one fills the system prompt box. */
export function PromptPresetPicker({ prompt, onPick }: { prompt: string; onPick(prompt: string): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const storage = useMemo(() => presetStorage(), []);
  const [saved, setSaved] = useState<PromptPreset[]>(() => loadSavedPresets(storage));
  const [chosen, setChosen] = useState<string | null>(null);
  const [naming, setNaming] = useState<string | null>(null);
  const builtIn = builtInPresets(i18n.language === 'zh-CN' ? 'zh-CN' : ('en' satisfies Language));
  const all = [...builtIn, ...saved];
  const chosenPreset = all.find((preset) => preset.id === chosen);

  const save = () => {
    try {
      const result = savePreset(storage, naming ?? '', prompt);
      setSaved(result.presets);
      setChosen(result.saved.id);
      setNaming(null);
      void message.success(t('playground.presetSaved', { name: result.saved.name }));
    } catch (error) {
      if (!(error instanceof PresetError)) throw error;
      void message.error(t(`playground.presetError.${error.code}`));
    }
  };

  return (
    <Flex gap={8}>
      <Select
        style={{ flex: 1, minWidth: 0 }}
        aria-label={t('playground.preset')}
        data-testid="preset-select"
        placeholder={t('playground.presetPlaceholder')}
        value={chosenPreset ? chosen : null}
        onChange={(id: string) => {
          setChosen(id);
          const preset = all.find((candidate) => candidate.id === id);
          if (preset) onPick(preset.prompt);
        }}
        options={[
          {
            label: t('playground.presetBuiltIn'),
            options: builtIn.map((preset) => ({ value: preset.id, label: preset.name })),
          },
          ...(saved.length > 0
            ? [
                {
                  label: t('playground.presetSavedGroup'),
                  options: saved.map((preset) => ({ value: preset.id, label: preset.name })),
                },
              ]
            : []),
        ]}
      />
      <Tooltip title={t('playground.presetSave')}>
        <Button
          icon={<SaveOutlined />}
          aria-label={t('playground.presetSave')}
          disabled={!prompt.trim()}
          onClick={() => setNaming(chosenPreset && !chosenPreset.builtIn ? chosenPreset.name : '')}
          data-testid="preset-save"
        />
      </Tooltip>
      {chosenPreset && !chosenPreset.builtIn && (
        <Tooltip title={t('playground.presetDelete')}>
          <Button
            icon={<DeleteOutlined />}
            aria-label={t('playground.presetDelete')}
            onClick={() => {
              setSaved(deletePreset(storage, chosenPreset.id));
              setChosen(null);
            }}
            data-testid="preset-delete"
          />
        </Tooltip>
      )}
      <Modal
        open={naming !== null}
        title={t('playground.presetSave')}
        okText={t('playground.save')}
        onOk={save}
        onCancel={() => setNaming(null)}
        destroyOnHidden
      >
        <Input
          aria-label={t('playground.presetName')}
          data-testid="preset-name"
          placeholder={t('playground.presetName')}
          value={naming ?? ''}
          maxLength={60}
          autoFocus
          onChange={(event) => setNaming(event.target.value)}
          onPressEnter={save}
        />
      </Modal>
    </Flex>
  );
}
