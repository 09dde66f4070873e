package io.mooring.kinds.rds;

import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.MasterUserSecret;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** DescribeDBInstances results for unit tests. */
final class LiveInstances {
  static final String ARN = "arn:aws:rds:us-east-1:123456789012:db:orders-db";
  static final String SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b-AbCdEf";

  private LiveInstances() {}

  /** An available instance that matches {@link SpecBuilder}'s defaults, as RDS reports it. */
  static DBInstance.Builder matchingDefaults() {
    return DBInstance.builder()
        .dbInstanceIdentifier("orders-db")
        .dbInstanceArn(ARN)
        .dbInstanceStatus("available")
        .engine("postgres")
        .engineVersion("16.4")
        .dbInstanceClass("db.t4g.medium")
        .allocatedStorage(50)
        .maxAllocatedStorage(200)
        .storageType("gp3")
        .iops(3000)
        .storageThroughput(125)
        .multiAZ(true)
        .storageEncrypted(true)
        .kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-aws-rds")
        .backupRetentionPeriod(7)
        .preferredBackupWindow("03:00-04:00")
        .preferredMaintenanceWindow("sun:04:30-sun:05:30")
        .deletionProtection(true)
        .dbSubnetGroup(
            DBSubnetGroup.builder()
                .dbSubnetGroupName("orders-db")
                .dbSubnetGroupArn("arn:aws:rds:us-east-1:123456789012:subgrp:orders-db")
                .subnets(
                    Subnet.builder().subnetIdentifier("subnet-4e5f6a7b").build(),
                    Subnet.builder().subnetIdentifier("subnet-0a1b2c3d").build())
                .build())
        .vpcSecurityGroups(
            VpcSecurityGroupMembership.builder()
                .vpcSecurityGroupId("sg-0123456789abcdef0")
                .status("active")
                .build())
        .masterUsername("orders")
        .endpoint(
            Endpoint.builder()
                .address("orders-db.abcdefghij.us-east-1.rds.amazonaws.com")
                .port(5432)
                .build())
        .dbInstancePort(0)
        .performanceInsightsEnabled(true)
        .autoMinorVersionUpgrade(true)
        .masterUserSecret(
            MasterUserSecret.builder().secretArn(SECRET_ARN).secretStatus("active").build())
        .tagList(
            Tag.builder().key("mooring:managed-by").value("mooring").build(),
            Tag.builder().key("mooring:document").value("Database/orders-db").build(),
            Tag.builder().key("mooring:stack").value("default").build(),
            Tag.builder().key("team").value("orders").build());
  }
}
