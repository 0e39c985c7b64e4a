#!/usr/bin/env bash
# End-to-end smoke test of the dev overlay on a throwaway kind cluster: installs Strimzi and CloudNativePG,
# creates the Secret, applies k8s/overlays/dev, waits for readiness, then runs the AWS CLI tour from a pod
# (get-caller-identity as root, create a role, assume it, call get-caller-identity with the session).
# Prints PASS or FAIL and exits 0 or 1.
#
# HONEST STATUS: this script has NOT been run. The machine it was written on has no container runtime
# (no Docker/Podman, so no kind); the manifests it applies are only checked offline by
# src/test/java/dev/opensts/k8s (rendering, typed models, CRD schemas, policies). Expect to fix things the
# first time it runs; please report them.
#
# Needs: kind, kubectl (>= 1.30), curl, network access to GitHub and the image registries.
# Environment:
#   OPENSTS_IMAGE   image to test (default ghcr.io/open-sts/open-sts:0.1.0); a local image is loaded into kind
#   KEEP_CLUSTER=1  do not delete the kind cluster at the end
set -euo pipefail
cd "$(dirname "$0")/../.."

CLUSTER=opensts-smoke
NS=opensts
IMAGE=${OPENSTS_IMAGE:-ghcr.io/open-sts/open-sts:0.1.0}
STRIMZI=0.49.0
CNPG=1.30.0
AWS_CLI=public.ecr.aws/aws-cli/aws-cli:2.31.0

fail() { echo "FAIL: $*"; exit 1; }
for tool in kind kubectl curl; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done

cleanup() { [ "${KEEP_CLUSTER:-}" = 1 ] || kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "== kind cluster $CLUSTER"
kind create cluster --name "$CLUSTER" --wait 120s
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  kind load docker-image "$IMAGE" --name "$CLUSTER"
fi

echo "== operators: Strimzi $STRIMZI, CloudNativePG $CNPG"
kubectl create namespace "$NS"
curl -sfL "https://github.com/strimzi/strimzi-kafka-operator/releases/download/$STRIMZI/strimzi-cluster-operator-$STRIMZI.yaml" \
  | sed "s/namespace: .*/namespace: $NS/" | kubectl -n "$NS" apply --server-side -f -
kubectl apply --server-side -f "https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-${CNPG%.*}/releases/cnpg-$CNPG.yaml"
kubectl -n "$NS" rollout status deploy/strimzi-cluster-operator --timeout=5m
kubectl -n cnpg-system rollout status deploy/cnpg-controller-manager --timeout=5m

echo "== the Secret opensts"
ROOT_ID="AKIA$(head -c 200 /dev/urandom | tr -dc 'A-Z2-7' | head -c 16)"
ROOT_SECRET="$(head -c 30 /dev/urandom | base64)"
kubectl -n "$NS" create secret generic opensts \
  --from-literal=OPENSTS_KEYRING="k1=$(head -c 32 /dev/urandom | base64)" \
  --from-literal=OPENSTS_ROOT_ACCESS_KEY_ID="$ROOT_ID" \
  --from-literal=OPENSTS_ROOT_SECRET_ACCESS_KEY="$ROOT_SECRET" \
  --from-literal=OPENSTS_ADMIN_TOKEN="$(head -c 32 /dev/urandom | base64)" \
  --from-literal=OPENSTS_DECISION_TOKEN="$(head -c 32 /dev/urandom | base64)"

echo "== apply k8s/overlays/dev (image $IMAGE)"
kubectl kustomize k8s/overlays/dev | sed "s|image: ghcr.io/open-sts/open-sts:.*|image: $IMAGE|" | kubectl apply -f -
kubectl -n "$NS" wait kafka/opensts-kafka --for=condition=Ready --timeout=10m || fail "Kafka not ready"
kubectl -n "$NS" wait cluster.postgresql.cnpg.io/opensts-pg --for=condition=Ready --timeout=10m || fail "PostgreSQL not ready"
kubectl -n "$NS" wait kafkatopic --all --for=condition=Ready --timeout=5m || fail "topics not ready"
# the Secret opensts-service (open-sts's Kafka password) exists once its KafkaUser is ready
kubectl -n "$NS" wait kafkauser --all --for=condition=Ready --timeout=5m || fail "Kafka users not ready"
kubectl -n "$NS" rollout status deploy/opensts --timeout=10m || { kubectl -n "$NS" logs deploy/opensts --tail=50 || true; fail "open-sts not ready"; }

echo "== AWS CLI tour from a pod"
TOUR='set -e
aws sts get-caller-identity
aws iam create-role --role-name smoke --assume-role-policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}"
creds=$(aws sts assume-role --role-arn arn:aws:iam::000000000000:role/smoke --role-session-name smoke --query "[Credentials.AccessKeyId,Credentials.SecretAccessKey,Credentials.SessionToken]" --output text)
set -- $creds
AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=$2 AWS_SESSION_TOKEN=$3 aws sts get-caller-identity --query Arn --output text'
if out=$(kubectl -n "$NS" run aws-smoke --rm -i --restart=Never --image="$AWS_CLI" \
    --env AWS_ACCESS_KEY_ID="$ROOT_ID" --env AWS_SECRET_ACCESS_KEY="$ROOT_SECRET" --env AWS_REGION=us-east-1 \
    --env AWS_ENDPOINT_URL="http://opensts.$NS.svc" --command -- sh -c "$TOUR" 2>&1); then
  echo "$out"
  echo "$out" | grep -q 'assumed-role/smoke/smoke' || fail "the session is not the role's"
else
  echo "$out"; fail "the AWS CLI tour failed"
fi
echo PASS
