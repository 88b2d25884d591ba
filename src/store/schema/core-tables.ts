export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface CoreTables {
  settings: SettingsTable;
}
