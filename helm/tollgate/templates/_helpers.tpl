{{/* Names, labels and the image reference. */}}

{{- define "tollgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tollgate.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of a sub-chart's resources (the sub-charts' own fullname rule). Call with (list $ "redis"). */}}
{{- define "tollgate.depFullname" -}}
{{- $root := index . 0 -}}
{{- $dep := index . 1 -}}
{{- $v := index $root.Values $dep -}}
{{- if $v.fullnameOverride -}}
{{- $v.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains $dep $root.Release.Name -}}
{{- $root.Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" $root.Release.Name $dep | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tollgate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tollgate
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component. Call with (list $ "ingress"). */}}
{{- define "tollgate.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "tollgate.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "tollgate.componentLabels" -}}
{{ include "tollgate.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "tollgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tollgate.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "tollgate.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The Secret the chart creates (admin key, provider keys, backend URLs given as values). */}}
{{- define "tollgate.secretName" -}}
{{- include "tollgate.fullname" . -}}
{{- end -}}

{{/* Fails the render on inconsistent values that the JSON schema cannot express. */}}
{{- define "tollgate.validate" -}}
{{- if eq (lower (toString .Values.image.tag)) "latest" -}}
{{- fail "image.tag must be an immutable version (or leave it empty for the chart's appVersion), not \"latest\"" -}}
{{- end -}}
{{- $s := .Values.shutdown -}}
{{- if le (int (mul $s.terminationGracePeriodSeconds 1000)) (int (add (mul $s.preStopSleepSeconds 1000) $s.shutdownGraceMs)) -}}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%vs) must exceed shutdown.preStopSleepSeconds (%vs) + shutdown.shutdownGraceMs (%vms), or Kubernetes kills pods before they drain" $s.terminationGracePeriodSeconds $s.preStopSleepSeconds $s.shutdownGraceMs) -}}
{{- end -}}
{{- if eq .Values.mode "distributed" -}}
{{- range $b := list "nats" "redis" "postgres" "clickhouse" -}}
{{- if not (include "tollgate.backendConfigured" (list $ $b)) -}}
{{- fail (printf "mode=distributed needs a shared %s: enable the bundled sub-chart (%s.enabled=true) or set backends.%s.url or backends.%s.existingSecret.name" $b (ternary "postgresql" $b (eq $b "postgres")) $b $b) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
