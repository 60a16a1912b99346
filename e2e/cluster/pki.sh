# Certificates for the local control plane: one CA, the API server's serving certificate, a client
# certificate per component (distinct common names keep the audit log readable) and the
# service-account signing key. Sourced by cluster-up.sh.
# shellcheck shell=bash

issue_client_cert() { # name, common name, organisation
  local name="$1" cn="$2" org="$3"
  openssl req -newkey rsa:2048 -nodes -keyout "$PKI_DIR/$name.key" -out "$PKI_DIR/$name.csr" \
    -subj "/O=${org}/CN=${cn}" 2>/dev/null
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" \
    -CAcreateserial -days 3650 -out "$PKI_DIR/$name.crt" \
    -extfile <(printf 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n') 2>/dev/null
  rm -f "$PKI_DIR/$name.csr"
}

write_kubeconfig() { # file, client cert name
  local file="$1" cert="$2"
  cat > "$file" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: sqlmi-local
  cluster:
    server: https://127.0.0.1:${APISERVER_PORT}
    certificate-authority-data: $(base64 -w0 < "$PKI_DIR/ca.crt")
users:
- name: ${cert}
  user:
    client-certificate-data: $(base64 -w0 < "$PKI_DIR/$cert.crt")
    client-key-data: $(base64 -w0 < "$PKI_DIR/$cert.key")
contexts:
- name: sqlmi-local
  context: {cluster: sqlmi-local, user: ${cert}}
current-context: sqlmi-local
KCFG
  chmod 600 "$file"
}

create_pki() {
  [[ -s "$PKI_DIR/ca.crt" && -s "$PKI_DIR/admin.crt" ]] && return 0
  mkdir -p "$PKI_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout "$PKI_DIR/ca.key" \
    -out "$PKI_DIR/ca.crt" -subj "/CN=sqlmi-local-ca" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$PKI_DIR/apiserver.key" -out "$PKI_DIR/apiserver.csr" \
    -subj "/CN=kube-apiserver" 2>/dev/null
  openssl x509 -req -in "$PKI_DIR/apiserver.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" \
    -CAcreateserial -days 3650 -out "$PKI_DIR/apiserver.crt" -extfile <(cat <<EXT
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth
keyUsage=digitalSignature,keyEncipherment
EXT
) 2>/dev/null
  rm -f "$PKI_DIR/apiserver.csr"
  openssl genrsa -out "$PKI_DIR/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
  # The built-in components get cluster-admin through system:masters; the operator does not:
  # its own identity is bound by the RBAC the Helm chart ships, so tests exercise that RBAC.
  issue_client_cert admin admin system:masters
  issue_client_cert controller-manager system:kube-controller-manager system:masters
  issue_client_cert scheduler system:kube-scheduler system:masters
  issue_client_cert kwok kwok-controller system:masters
  issue_client_cert provisioner sqlmi-fake-provisioner system:masters
  issue_client_cert operator sqlmi-operator sqlmi:operators
}
