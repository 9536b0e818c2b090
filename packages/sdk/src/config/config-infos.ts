/** Shapes of Kafka Connect's validate response, so the REST layer just serialises them. */
export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  width: string;
  display_name: string;
  dependents: string[];
  order: number;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: { definition: ConfigKeyInfo; value: ConfigValueInfo }[];
}
