package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkSecurityGroup {

    @ValidationRule(value = "self.all(r, self.exists_one(o, o.priority == r.priority && o.direction == r.direction))",
            message = "securityRules: two rules of the same direction share a priority; give each rule its own priority (100-4096)")
    @JsonPropertyDescription("The user's security rules. Mandatory rules (origin Mandatory) and the NSG default rules (origin Default) are added by the operator and listed in status.securityRules.")
    @Size(max = 100)
    private List<SecurityRule> securityRules;

    public List<SecurityRule> getSecurityRules() {
        return securityRules;
    }

    public void setSecurityRules(List<SecurityRule> securityRules) {
        this.securityRules = securityRules;
    }
}
