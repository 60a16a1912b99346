package io.sqlmi.operator.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A SQL Managed Instance: an engine (1 replica for GeneralPurpose, 4 for BusinessCritical) in a virtual cluster. */
@Group(GroupVersion.GROUP)
@Version(GroupVersion.VERSION)
@Plural("managedinstances")
@ShortNames({"mi", "sqlmi"})
@ValidationRule(value = "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')",
        message = "instance name: use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit (it becomes the first label of the host name)",
        reason = "FieldValueInvalid")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Tier", jsonPath = ".spec.tier", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "vCores", jsonPath = ".spec.vCores", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "FQDN", jsonPath = ".status.fullyQualifiedDomainName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Connection", jsonPath = ".status.connectionType", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Redirect Port", jsonPath = ".status.redirectPort", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ManagedInstance extends CustomResource<ManagedInstanceSpec, ManagedInstanceStatus> implements Namespaced {
}
