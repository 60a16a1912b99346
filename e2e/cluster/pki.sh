# Certificates for the local control plane: one CA, serving certificates for the API server and the real
# node's kubelet, a client certificate per component (distinct common names keep the audit log readable) and
# the service-account signing key. Every file is made once and kept; a serving certificate is made again when
# the names it must carry change. Sourced by cluster-up.sh.
# shellcheck shell=bash

issue_cert() { # name, subject, extensions (openssl -extfile text)
  local name="$1" subject="$2" ext="$3" stamp
  stamp="$(printf '%s\n%s' "$subject" "$ext" | sha256sum | cut -c1-16)"
  if [[ -s "$PKI_DIR/$name.crt" && "$(cat "$PKI_DIR/$name.stamp" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  openssl req -newkey rsa:2048 -nodes -keyout "$PKI_DIR/$name.key" -out "$PKI_DIR/$name.csr" \
    -subj "$subject" 2>/dev/null
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" \
    -CAcreateserial -days 3650 -out "$PKI_DIR/$name.crt" -extfile <(printf '%s\n' "$ext") 2>/dev/null
  rm -f "$PKI_DIR/$name.csr"
  echo "$stamp" > "$PKI_DIR/$name.stamp"
}

issue_client_cert() { # name, common name, organisation
  issue_cert "$1" "/O=$3/CN=$2" $'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment'
}

issue_serving_cert() { # name, common name, subjectAltName value
  issue_cert "$1" "/CN=$2" "subjectAltName=$3"$'\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment'
}

write_kubeconfig() { # file, client cert name
  local file="$1" cert="$2"
  cat > "$file" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: sqlmi-local
  cluster:
    server: https://${APISERVER_HOST}:${APISERVER_PORT}
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
  mkdir -p "$PKI_DIR"
  if [[ ! -s "$PKI_DIR/ca.crt" ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout "$PKI_DIR/ca.key" \
      -out "$PKI_DIR/ca.crt" -subj "/CN=sqlmi-local-ca" 2>/dev/null
  fi
  if [[ ! -s "$PKI_DIR/sa.key" ]]; then
    openssl genrsa -out "$PKI_DIR/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
  fi
  issue_serving_cert apiserver kube-apiserver \
    "IP:127.0.0.1,IP:${NODE_IP},IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  # The built-in components get cluster-admin through system:masters; the operator does not:
  # its own identity is bound by the RBAC the Helm chart ships, so tests exercise that RBAC.
  issue_client_cert admin admin system:masters
  issue_client_cert controller-manager system:kube-controller-manager system:masters
  issue_client_cert scheduler system:kube-scheduler system:masters
  issue_client_cert kwok kwok-controller system:masters
  issue_client_cert provisioner sqlmi-fake-provisioner system:masters
  issue_client_cert operator sqlmi-operator sqlmi:operators
  # The real node: the kubelet is a node like any other (Node authorizer, NodeRestriction), kube-proxy has
  # the built-in system:node-proxier binding, and the API server presents its own client certificate to
  # the kubelet for logs and exec.
  issue_client_cert kubelet "system:node:${NODE_NAME}" system:nodes
  issue_serving_cert kubelet-serving "${NODE_NAME}" "IP:${NODE_IP},DNS:${NODE_NAME}"
  issue_client_cert kube-proxy system:kube-proxy system:node-proxiers
  issue_client_cert kube-router system:kube-router system:masters
  issue_client_cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
}
