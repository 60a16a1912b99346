package io.sqlmi.tds.login;

import java.util.List;

/**
 * A parsed LOGIN7 message (MS-TDS 2.2.6.4; offsets in tds-protocol.md section 4). The password
 * is decoded; {@code serverName} is whatever the client put there, unnormalised.
 */
public record Login7(
        int tdsVersion,
        int packetSize,
        int clientProgramVersion,
        int clientPid,
        int connectionId,
        int optionFlags1,
        int optionFlags2,
        int typeFlags,
        int optionFlags3,
        int clientTimeZone,
        int clientLcid,
        String hostName,
        String userName,
        String password,
        String appName,
        String serverName,
        String clientInterfaceName,
        String language,
        String database,
        byte[] clientId,
        boolean integratedSecurity,
        String changePassword,
        List<FeatureExtension> features) {

    public static final int READ_ONLY_INTENT = 0x20;

    public boolean readOnlyIntent() {
        return (typeFlags & READ_ONLY_INTENT) != 0;
    }

    public boolean hasFeature(int featureId) {
        return features.stream().anyMatch(f -> f.id() == featureId);
    }

    @Override
    public String toString() {
        return "Login7[user=" + userName + ", server=" + serverName + ", database=" + database + ", app=" + appName
                + ", version=" + Integer.toHexString(tdsVersion) + "]";
    }
}
