{{/*
Backend URLs. Per backend, in order of precedence: the bundled sub-chart (its Service, its generated password
through a $(VAR) reference), backends.<b>.url (copied into the chart's Secret), backends.<b>.existingSecret.
*/}}

{{- define "tollgate.backendTable" -}}
nats: {env: NATS_URL, chart: nats}
redis: {env: REDIS_URL, chart: redis}
postgres: {env: DATABASE_URL, chart: postgresql}
clickhouse: {env: CLICKHOUSE_URL, chart: clickhouse}
{{- end -}}

{{/* "true" when backend b is configured. Call with (list $ "redis"). */}}
{{- define "tollgate.backendConfigured" -}}
{{- $root := index . 0 -}}
{{- $b := index . 1 -}}
{{- $t := index (include "tollgate.backendTable" $root | fromYaml) $b -}}
{{- $v := index $root.Values.backends $b -}}
{{- if or (index $root.Values $t.chart).enabled $v.url $v.existingSecret.name -}}true{{- end -}}
{{- end -}}

{{/* True when any backend value needs the chart's Secret. */}}
{{- define "tollgate.secretHasUrls" -}}
{{- range $b, $t := include "tollgate.backendTable" . | fromYaml -}}
{{- if and (not (index $.Values $t.chart).enabled) (index $.Values.backends $b).url -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/* env entries for every configured backend. */}}
{{- define "tollgate.backendEnv" -}}
{{- $ns := .Release.Namespace -}}
{{- range $b, $t := include "tollgate.backendTable" . | fromYaml }}
{{- $v := index $.Values.backends $b }}
{{- if (index $.Values $t.chart).enabled }}
{{- $host := printf "%s.%s.svc" (include "tollgate.depFullname" (list $ $t.chart)) $ns }}
{{- if eq $b "nats" }}
- name: NATS_URL
  value: {{ printf "nats://%s:4222" $host | quote }}
{{- else if eq $b "redis" }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "tollgate.depFullname" (list $ "redis") }}, key: redis-password}
- name: REDIS_URL
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s-master.%s.svc:6379" (include "tollgate.depFullname" (list $ "redis")) $ns | quote }}
{{- else if eq $b "postgres" }}
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "tollgate.depFullname" (list $ "postgresql") }}, key: password}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(POSTGRES_PASSWORD)@%s:5432/%s" $.Values.postgresql.auth.username $host $.Values.postgresql.auth.database | quote }}
{{- else if eq $b "clickhouse" }}
- name: CLICKHOUSE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "tollgate.depFullname" (list $ "clickhouse") }}, key: admin-password}
- name: CLICKHOUSE_URL
  value: {{ printf "http://%s:$(CLICKHOUSE_PASSWORD)@%s:8123" $.Values.clickhouse.auth.username $host | quote }}
{{- end }}
{{- else if $v.url }}
- name: {{ $t.env }}
  valueFrom:
    secretKeyRef: {name: {{ include "tollgate.secretName" $ }}, key: {{ $t.env }}}
{{- else if $v.existingSecret.name }}
- name: {{ $t.env }}
  valueFrom:
    secretKeyRef: {name: {{ $v.existingSecret.name }}, key: {{ $v.existingSecret.key }}}
{{- end }}
{{- end }}
{{- end -}}

{{/* env entries for the keys (admin, OpenAI, encryption), from the chart's Secret or secrets.existingSecret. */}}
{{- define "tollgate.keyEnv" -}}
{{- $s := .Values.secrets -}}
{{- if $s.existingSecret }}
- name: TOLLGATE_ADMIN_KEY
  valueFrom:
    secretKeyRef: {name: {{ $s.existingSecret }}, key: {{ $s.keys.adminKey }}}
- name: OPENAI_API_KEY
  valueFrom:
    secretKeyRef: {name: {{ $s.existingSecret }}, key: {{ $s.keys.openaiApiKey }}, optional: true}
- name: TOLLGATE_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef: {name: {{ $s.existingSecret }}, key: {{ $s.keys.encryptionKey }}, optional: true}
{{- else }}
- name: TOLLGATE_ADMIN_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "tollgate.secretName" . }}, key: TOLLGATE_ADMIN_KEY}
{{- if $s.openaiApiKey }}
- name: OPENAI_API_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "tollgate.secretName" . }}, key: OPENAI_API_KEY}
{{- end }}
{{- if $s.encryptionKey }}
- name: TOLLGATE_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "tollgate.secretName" . }}, key: TOLLGATE_ENCRYPTION_KEY}
{{- end }}
{{- end }}
{{- end -}}
