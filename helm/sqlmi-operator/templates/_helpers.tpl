{{/*
Name of the chart, or nameOverride.
*/}}
{{- define "sqlmi-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of every object: fullnameOverride, else the release name when it already contains the chart
name, else <release>-<chart>. Cluster-scoped objects use it too, so they carry the release name.
*/}}
{{- define "sqlmi-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sqlmi-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object the chart creates. Not app.kubernetes.io/managed-by=sqlmi-operator: that label
marks the objects the operator itself manages (its informers select on it).
*/}}
{{- define "sqlmi-operator.labels" -}}
helm.sh/chart: {{ include "sqlmi-operator.chart" . }}
{{ include "sqlmi-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | trunc 63 | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: sqlmi
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sqlmi-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sqlmi-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sqlmi-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sqlmi-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sqlmi-operator.configMapName" -}}
{{- printf "%s-config" (include "sqlmi-operator.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sqlmi-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
Subjects of every binding: the operator's ServiceAccount and rbac.additionalSubjects.
*/}}
{{- define "sqlmi-operator.subjects" -}}
- kind: ServiceAccount
  name: {{ include "sqlmi-operator.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- with .Values.rbac.additionalSubjects }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Permissions on namespaced resources, granted cluster-wide (ClusterRole) when the operator watches all
namespaces, or per watched namespace (Role). Least privilege: no wildcards; every verb and resource named.
*/}}
{{- define "sqlmi-operator.rules.namespaced" -}}
# The custom resources: reconciled; the operator creates and deletes VNet-local Endpoints itself.
- apiGroups: ["sqlmi.io"]
  resources: ["virtualclusters", "managedinstances", "endpoints"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Their status subresources: computed values go to status only.
- apiGroups: ["sqlmi.io"]
  resources: ["virtualclusters/status", "managedinstances/status", "endpoints/status"]
  verbs: ["get", "update", "patch"]
# Engines (StatefulSets) and gateways (Deployments).
- apiGroups: ["apps"]
  resources: ["statefulsets", "deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Engine and gateway Services, endpoint Services, admin/connection Secrets, gateway routing tables.
- apiGroups: [""]
  resources: ["services", "secrets", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# The operator is the load balancer of its own classes (sqlmi.io/subnet, sqlmi.io/public): it writes the
# addresses into the status of the gateway and public endpoint Services.
- apiGroups: [""]
  resources: ["services/status"]
  verbs: ["patch"]
# Engine data volumes: read, and patched on detach; created and deleted by the StatefulSet controller
# (persistentVolumeClaimRetentionPolicy from storage.whenDeleted), never by the operator.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "patch"]
# Engine and gateway pods: read for replica status and placement.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# Events on state changes (both APIs: events.k8s.io/v1 and the core one).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
# Network security rules compiled into NetworkPolicies.
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Gateway addresses and private endpoints' EndpointSlices.
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}

{{/*
Permissions on cluster-scoped resources: always in the ClusterRole.
*/}}
{{- define "sqlmi-operator.rules.cluster" -}}
# Namespaces: virtual networks are namespace labels (sqlmi.io/virtual-network).
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list", "watch"]
# Nodes: read for zones and claimed (labelled) for virtual-cluster VM groups.
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["get", "list", "watch", "patch", "update"]
{{- end }}

{{/*
A segment of a property name: quoted when it contains a dot, as in
sqlmi.service-tags."Storage.primaryRegion".cidrs (SmallRye Config).
*/}}
{{- define "sqlmi-operator.propertySegment" -}}
{{- if contains "." . }}{{ printf "%q" . }}{{ else }}{{ . }}{{ end }}
{{- end }}

{{/*
A property line key=value; the value's backslashes are escaped, a list is comma-joined.
*/}}
{{- define "sqlmi-operator.property" -}}
{{- $value := .value }}
{{- if kindIs "slice" $value }}{{ $value = join "," $value }}{{ end }}
{{- printf "%s=%s" .key (toString $value | replace "\\" "\\\\" | replace "\n" "\\n") }}
{{- end }}

{{/*
The admission policies of files/admission-policies.yaml (a copy of crds/admission/policies.yaml), one list entry
per policy, each renamed <fullname>-<name without "sqlmi-"> so that releases never share one, with the operator's
identity written into its variables operatorUsers and operatorGroups: the subjects its RBAC binds (its
ServiceAccount and rbac.additionalSubjects).
*/}}
{{- define "sqlmi-operator.admissionPolicies" -}}
{{- $fullname := include "sqlmi-operator.fullname" . }}
{{- $users := list (printf "system:serviceaccount:%s:%s" .Release.Namespace (include "sqlmi-operator.serviceAccountName" .)) }}
{{- $groups := list }}
{{- range .Values.rbac.additionalSubjects }}
{{- if eq .kind "User" }}{{ $users = append $users .name }}{{ end }}
{{- if eq .kind "ServiceAccount" }}{{ $users = append $users (printf "system:serviceaccount:%s:%s" .namespace .name) }}{{ end }}
{{- if eq .kind "Group" }}{{ $groups = append $groups .name }}{{ end }}
{{- end }}
{{- $policies := list }}
{{- range splitList "\n---\n" (.Files.Get "files/admission-policies.yaml") }}
{{- $policy := fromYaml . }}
{{- if $policy }}
{{- $_ := set $policy.metadata "name" (printf "%s-%s" $fullname (trimPrefix "sqlmi-" $policy.metadata.name) | trunc 63 | trimSuffix "-") }}
{{- range $policy.spec.variables }}
{{- if eq .name "operatorUsers" }}{{ $_ := set . "expression" (toJson $users) }}{{ end }}
{{- if eq .name "operatorGroups" }}{{ $_ := set . "expression" (toJson $groups) }}{{ end }}
{{- end }}
{{- $policies = append $policies $policy }}
{{- end }}
{{- end }}
{{- toYaml (dict "items" $policies) }}
{{- end }}

{{/*
Namespace of the DNS records: dns.recordsNamespace, else the release namespace.
*/}}
{{- define "sqlmi-operator.recordsNamespace" -}}
{{- default .Release.Namespace .Values.dns.recordsNamespace }}
{{- end }}

{{- define "sqlmi-operator.dnsName" -}}
{{- printf "%s-dns" (include "sqlmi-operator.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of the DNS server's objects; its own name, so that no selector of the operator's picks its pods.
*/}}
{{- define "sqlmi-operator.dnsSelectorLabels" -}}
app.kubernetes.io/name: sqlmi-dns
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sqlmi-operator.dnsLabels" -}}
helm.sh/chart: {{ include "sqlmi-operator.chart" . }}
{{ include "sqlmi-operator.dnsSelectorLabels" . }}
app.kubernetes.io/component: dns
app.kubernetes.io/part-of: sqlmi
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
