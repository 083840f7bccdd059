// What EMR ships, as data: the releases Lakestack knows with the application versions each one installs
// (ListReleaseLabels / DescribeReleaseLabel, and the Version of a cluster's Applications), and the EC2
// instance types a cluster may ask for with their capacities (the simulated YARN capacity of a node).

interface Release {
  label: string;
  apps: Record<string, string>;
  os: string[];
}

const V7_5 = { Hadoop: '3.4.0', Hive: '3.1.3', Spark: '3.5.2', Presto: '0.287', Trino: '446', Tez: '0.10.2', Pig: '0.17.0', HBase: '2.5.10', Flink: '1.19.1', Livy: '0.8.0', Zookeeper: '3.9.2', Hue: '4.11.0', Oozie: '5.2.1', JupyterEnterpriseGateway: '2.6.0', JupyterHub: '1.5.0', Hudi: '0.15.0', Iceberg: '1.6.1', Delta: '3.2.1', Phoenix: '5.2.0', HCatalog: '3.1.3', Ganglia: '3.7.2', TensorFlow: '2.16.1', Zeppelin: '0.11.1', Sqoop: '1.4.7', MXNet: '1.9.1' };
const V7_0 = { ...V7_5, Hadoop: '3.3.6', Spark: '3.5.0', Presto: '0.283', Trino: '426', HBase: '2.4.17', Flink: '1.18.0', Livy: '0.7.1', Zookeeper: '3.5.10', Hudi: '0.14.0', Iceberg: '1.4.0', Delta: '3.0.0', Phoenix: '5.1.3', TensorFlow: '2.11.0', Zeppelin: '0.10.1' };
const V6_15 = { ...V7_0, Spark: '3.4.1', Flink: '1.17.1', Iceberg: '1.4.0', Delta: '2.4.0', Hudi: '0.14.0' };
const V6_10 = { ...V6_15, Hadoop: '3.3.3', Spark: '3.3.1', Presto: '0.278', Trino: '403', HBase: '2.4.15', Flink: '1.16.0', Iceberg: '1.1.0', Delta: '2.2.0', Hudi: '0.12.2' };
const V5_36 = { Hadoop: '2.10.1', Hive: '2.3.9', Spark: '2.4.8', Presto: '0.267', Tez: '0.9.2', Pig: '0.17.0', HBase: '1.4.13', Flink: '1.14.2', Livy: '0.7.1', Zookeeper: '3.4.14', Hue: '4.10.0', Oozie: '5.2.1', HCatalog: '2.3.9', Ganglia: '3.7.2', Sqoop: '1.4.7', Zeppelin: '0.10.0', Phoenix: '4.14.3', Hudi: '0.10.1', JupyterHub: '1.4.1', TensorFlow: '2.4.1', MXNet: '1.8.0' };

const AL2023 = ['2.0.20241001.0', '2.0.20240916.0'];
const AL2 = ['2.0.20241001.0', '2.0.20240912.1'];

const RELEASES: Release[] = [
  ...['7.5.0', '7.4.0', '7.3.0', '7.2.0', '7.1.0'].map((v) => ({ label: `emr-${v}`, apps: V7_5, os: AL2023 })),
  { label: 'emr-7.0.0', apps: V7_0, os: AL2023 },
  ...['6.15.0', '6.14.0', '6.13.0', '6.12.0', '6.11.0'].map((v) => ({ label: `emr-${v}`, apps: V6_15, os: AL2 })),
  ...['6.10.0', '6.9.0', '6.8.0', '6.7.0', '6.6.0', '6.5.0'].map((v) => ({ label: `emr-${v}`, apps: V6_10, os: AL2 })),
  ...['5.36.2', '5.36.1', '5.36.0', '5.35.0'].map((v) => ({ label: `emr-${v}`, apps: V5_36, os: AL2 })),
];

export function releaseLabels(): string[] {
  return RELEASES.map((r) => r.label);
}

export function release(label: string): Release | undefined {
  return RELEASES.find((r) => r.label === label);
}

/** Application names are matched case-insensitively by EMR (`Name=hive` installs Hive). */
export function applicationVersion(label: string, name: string): { name: string; version: string } | undefined {
  const r = release(label);
  const key = r && Object.keys(r.apps).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? { name: key, version: r.apps[key]! } : undefined;
}

export function releaseApplications(label: string): { Name: string; Version: string }[] {
  return Object.entries(release(label)?.apps ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([Name, Version]) => ({ Name, Version }));
}

export function releaseOs(label: string): string[] {
  return release(label)?.os ?? [];
}

export interface InstanceTypeInfo {
  vcpu: number;
  memoryGiB: number;
  /** GiB of instance storage (0: EBS only). */
  storageGiB: number;
  arch: 'x86_64' | 'arm64';
}

const sizes = (family: string, arch: 'x86_64' | 'arm64', gibPerVcpu: number, from = 'large'): Record<string, InstanceTypeInfo> => {
  const out: Record<string, InstanceTypeInfo> = {};
  const ladder: [string, number][] = [['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16], ['8xlarge', 32], ['12xlarge', 48], ['16xlarge', 64], ['24xlarge', 96]];
  for (const [size, vcpu] of ladder.slice(ladder.findIndex(([s]) => s === from))) out[`${family}.${size}`] = { vcpu, memoryGiB: vcpu * gibPerVcpu, storageGiB: 0, arch };
  return out;
};

const INSTANCE_TYPES: Record<string, InstanceTypeInfo> = {
  ...sizes('m4', 'x86_64', 4), ...sizes('m5', 'x86_64', 4), ...sizes('m5a', 'x86_64', 4), ...sizes('m5d', 'x86_64', 4), ...sizes('m6i', 'x86_64', 4),
  ...sizes('m6g', 'arm64', 4), ...sizes('m7g', 'arm64', 4), ...sizes('m7i', 'x86_64', 4),
  ...sizes('c5', 'x86_64', 2), ...sizes('c6g', 'arm64', 2), ...sizes('c6i', 'x86_64', 2), ...sizes('c7g', 'arm64', 2),
  ...sizes('r5', 'x86_64', 8), ...sizes('r5d', 'x86_64', 8), ...sizes('r6g', 'arm64', 8), ...sizes('r6i', 'x86_64', 8), ...sizes('r7g', 'arm64', 8),
  ...sizes('i3', 'x86_64', 7.625),
};

export function instanceType(name: string): InstanceTypeInfo | undefined {
  return INSTANCE_TYPES[name];
}

export function instanceTypeNames(): string[] {
  return Object.keys(INSTANCE_TYPES);
}
