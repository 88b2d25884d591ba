import { useEffect, useRef } from 'react';

/** Key → action. Keys are KeyboardEvent.key values ('1', 'a', 'Enter'); 'Mod+Enter' is Ctrl/Cmd+Enter. */
export type Shortcuts = Record<string, () => void>;

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/**
 * Window-wide annotation shortcuts. Plain keys are ignored while typing in a field (so text can
 * be entered); Mod+Enter works everywhere. Modal dialogs stop them (they have their own keys).
 */
export function useShortcuts(shortcuts: Shortcuts, enabled = true): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.altKey) return;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"])')) return;
      const modifier = event.ctrlKey || event.metaKey;
      const key = modifier ? `Mod+${event.key}` : event.key.length === 1 ? event.key.toLowerCase() : event.key;
      if (!modifier && isTyping(event.target)) return;
      // Enter on a focused button or link activates it, as usual; it is not "submit".
      if (
        key === 'Enter' &&
        (event.target as HTMLElement | null)?.closest?.('button, a, [role="button"], [role="tab"], [role="menuitem"]')
      )
        return;
      const action = current.current[key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

/** The shortcut key of the nth option: 1–9, then 0. */
export function optionKey(index: number): string | null {
  if (index < 9) return String(index + 1);
  if (index === 9) return '0';
  return null;
}
