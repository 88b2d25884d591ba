export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface ManagedModelsTable {
  id: string;
  /** JSON of a `models:` entry of kaiyuan.yaml. */
  config: string;
  updated_at: number;
}

export interface CoreTables {
  settings: SettingsTable;
  managed_models: ManagedModelsTable;
}
