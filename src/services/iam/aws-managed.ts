// The AWS-managed policies that setup tools attach by ARN (aws emr create-default-roles, EKS and Glue role
// recipes). Documents are representative of the real ones (same services and intent), not verbatim copies;
// policies are stored faithfully but not enforced yet, so only their identity matters today.
import type { IamStore } from './store.js';
import { AWS_ACCOUNT } from './store.js';

interface ManagedPolicy {
  path: string;
  name: string;
  id: string;
  description: string;
  actions: string[];
}

const EMR_SERVICE_ACTIONS = ['ec2:*', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:ListInstanceProfiles', 'iam:ListRolePolicies', 'iam:PassRole', 's3:CreateBucket', 's3:Get*', 's3:List*', 'sdb:*', 'sqs:*'];

const POLICIES: ManagedPolicy[] = [
  { path: '/service-role/', name: 'AmazonElasticMapReduceRole', id: 'ANPAIDI2BQT2LKXZG36TW', description: 'Default policy for the Amazon Elastic MapReduce service role.', actions: EMR_SERVICE_ACTIONS },
  { path: '/service-role/', name: 'AmazonElasticMapReduceforEC2Role', id: 'ANPAIGALS5RCDLZLB3PGS', description: 'Default policy for the Amazon Elastic MapReduce for EC2 service role.', actions: ['cloudwatch:*', 'dynamodb:*', 'ec2:Describe*', 'elasticmapreduce:Describe*', 'elasticmapreduce:ListBootstrapActions', 'elasticmapreduce:ListClusters', 'elasticmapreduce:ListInstanceGroups', 'elasticmapreduce:ListInstances', 'elasticmapreduce:ListSteps', 'kinesis:*', 'rds:Describe*', 's3:*', 'sdb:*', 'sns:*', 'sqs:*', 'glue:*'] },
  { path: '/service-role/', name: 'AmazonEMRServicePolicy_v2', id: 'ANPAZKAPJZG4JGLNSANMG', description: 'EMR Service Policy v2 for the EMR service role.', actions: ['ec2:CreateNetworkInterface', 'ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate', 'ec2:Describe*', 'ec2:DeleteLaunchTemplate', 'ec2:TerminateInstances', 'iam:PassRole'] },
  { path: '/service-role/', name: 'AmazonElasticMapReduceforAutoScalingRole', id: 'ANPAJSVXG6QHPE6VHDZ4Q', description: 'Amazon Elastic MapReduce for Auto Scaling. Role to allow Auto Scaling to add and remove instances from your EMR cluster.', actions: ['cloudwatch:DescribeAlarms', 'elasticmapreduce:ListInstanceGroups', 'elasticmapreduce:ModifyInstanceGroups'] },
  { path: '/service-role/', name: 'AmazonEMRContainersServiceRolePolicy', id: 'ANPAZKAPJZG4GT3SMRDRG', description: 'Policy for the Amazon EMR on EKS service role.', actions: ['eks:DescribeCluster', 'eks:ListNodeGroups', 'eks:DescribeNodegroup'] },
  { path: '/service-role/', name: 'AWSGlueServiceRole', id: 'ANPAIRUJCPEBPMEZFAS32', description: 'Policy for AWS Glue service role which allows access to related services including EC2, S3, and Cloudwatch Logs', actions: ['glue:*', 's3:GetBucketLocation', 's3:ListBucket', 's3:ListAllMyBuckets', 's3:GetBucketAcl', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'cloudwatch:PutMetricData'] },
  { path: '/', name: 'AdministratorAccess', id: 'ANPAIWMBCKSKIEE64ZLYK', description: 'Provides full access to AWS services and resources.', actions: ['*'] },
  { path: '/', name: 'ReadOnlyAccess', id: 'ANPAILL3HVNFSB6DCOWYQ', description: 'Provides read-only access to AWS services and resources.', actions: ['*:Describe*', '*:Get*', '*:List*'] },
  { path: '/', name: 'AmazonS3FullAccess', id: 'ANPAIFIR6V6BVTRAHWINE', description: 'Provides full access to all buckets via the AWS Management Console.', actions: ['s3:*', 's3-object-lambda:*'] },
  { path: '/', name: 'AmazonS3ReadOnlyAccess', id: 'ANPAIZTJ4DXE7G6AGAE6M', description: 'Provides read only access to all buckets via the AWS Management Console.', actions: ['s3:Get*', 's3:List*', 's3:Describe*'] },
  { path: '/', name: 'AmazonAthenaFullAccess', id: 'ANPAIPJMLMD4C7RYZ6XCK', description: 'Provide full access to Amazon Athena and scoped access to the dependencies needed to enable querying, writing results, and data management.', actions: ['athena:*', 'glue:*', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:PutObject'] },
  { path: '/', name: 'AWSGlueConsoleFullAccess', id: 'ANPAJNZGDEOD7MISOVSVI', description: 'Provides full access to AWS Glue via the AWS Management Console', actions: ['glue:*', 's3:ListAllMyBuckets', 's3:GetBucketAcl', 'iam:ListRoles'] },
  { path: '/', name: 'AmazonEKSClusterPolicy', id: 'ANPAIBTLDQMIXQ5RHQOP6', description: 'This policy provides Kubernetes the permissions it requires to manage resources on your behalf.', actions: ['autoscaling:DescribeAutoScalingGroups', 'ec2:Describe*', 'elasticloadbalancing:*', 'kms:DescribeKey'] },
  { path: '/', name: 'AmazonEKSWorkerNodePolicy', id: 'ANPAIBVMOY52IPQ6HD3PO', description: 'This policy allows Amazon EKS worker nodes to connect to Amazon EKS Clusters.', actions: ['ec2:DescribeInstances', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVolumes', 'ec2:DescribeVpcs', 'eks:DescribeCluster'] },
  { path: '/', name: 'AmazonEKS_CNI_Policy', id: 'ANPAJWLAS474LDBXNNTM4', description: 'This policy provides the Amazon VPC CNI Plugin the permissions it requires to modify the IP address configuration on your EKS worker nodes.', actions: ['ec2:AssignPrivateIpAddresses', 'ec2:AttachNetworkInterface', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:Describe*', 'ec2:DetachNetworkInterface', 'ec2:ModifyNetworkInterfaceAttribute', 'ec2:UnassignPrivateIpAddresses'] },
  { path: '/', name: 'AmazonEC2ContainerRegistryReadOnly', id: 'ANPAIFYZPA37OOHVIH7KQ', description: 'Provides read-only access to Amazon EC2 Container Registry repositories.', actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage'] },
  { path: '/', name: 'AmazonSSMManagedInstanceCore', id: 'ANPAIXSHM2BNB2D3AXXRU', description: 'The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.', actions: ['ssm:DescribeAssociation', 'ssm:GetDocument', 'ssm:UpdateInstanceInformation', 'ssmmessages:*', 'ec2messages:*'] },
  { path: '/', name: 'CloudWatchAgentServerPolicy', id: 'ANPAIGOPKN7KRDAKTLG4I', description: 'Permissions required to use AmazonCloudWatchAgent on servers', actions: ['cloudwatch:PutMetricData', 'ec2:DescribeVolumes', 'ec2:DescribeTags', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:DescribeLogGroups', 'logs:CreateLogStream', 'logs:CreateLogGroup'] },
];

/** The date these seeded policies carry as CreateDate/UpdateDate: fixed, so restarts do not change them. */
const SEEDED_AT = '2015-02-06T18:40:00Z';

/** Adds any AWS-managed policy the store does not have yet (idempotent; runs on every start). */
export function seedAwsManagedPolicies(store: IamStore): void {
  store.transaction(() => {
    for (const p of POLICIES) {
      const arn = `arn:aws:iam::aws:policy${p.path}${p.name}`;
      if (store.getPolicy(arn)) continue;
      const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: p.actions, Resource: '*' }] });
      store.putPolicy({
        arn, accountId: AWS_ACCOUNT, name: p.name, id: p.id, path: p.path, description: p.description,
        defaultVersion: 'v1', nextVersion: 2, createDate: SEEDED_AT, updateDate: SEEDED_AT, tags: [],
      });
      store.putPolicyVersion({ policyArn: arn, versionId: 'v1', document, createDate: SEEDED_AT });
    }
  });
}
