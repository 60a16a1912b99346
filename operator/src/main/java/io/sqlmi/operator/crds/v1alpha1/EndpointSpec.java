package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'VNetLocal' || !has(self.connectionType) || self.connectionType == 'Proxy'",
        message = "connectionType: public and private endpoints always use the proxy connection type; remove connectionType or set it to Proxy",
        reason = "FieldValueForbidden")
public class EndpointSpec {

    @Required
    @ValidationRule(value = "self == oldSelf", message = "type is immutable: delete the Endpoint and create a new one of the other type")
    @JsonPropertyDescription("VNetLocal, Public or Private. Immutable.")
    private EndpointType type;

    @Required
    @ValidationRule(value = "self == oldSelf", message = "managedInstance is immutable: create another Endpoint for the other instance")
    @JsonPropertyDescription("The instance this endpoint leads to. Immutable.")
    private ManagedInstanceReference managedInstance;

    @JsonPropertyDescription("VNetLocal follows the instance's proxyOverride; Public and Private are always Proxy.")
    private ConnectionType connectionType;

    public EndpointType getType() {
        return type;
    }

    public void setType(EndpointType type) {
        this.type = type;
    }

    public ManagedInstanceReference getManagedInstance() {
        return managedInstance;
    }

    public void setManagedInstance(ManagedInstanceReference managedInstance) {
        this.managedInstance = managedInstance;
    }

    public ConnectionType getConnectionType() {
        return connectionType;
    }

    public void setConnectionType(ConnectionType connectionType) {
        this.connectionType = connectionType;
    }
}
