#!/usr/bin/env bash
# deploy.yml's image step: every deployed commit gets both images in ECR, tagged with the commit (the repositories'
# tags are immutable). An image whose app changed (BUILD) is built from apps/<image>/Dockerfile and pushed; one that
# did not (RETAG) gets the last deployment's manifest under the new tag, an ECR copy without a build; a retag whose
# source is gone (a purged repository) builds instead. Run with AWS credentials, from the repository root.
#   ENVIRONMENT  dev | staging | prod      IMAGE_TAG  the commit being deployed
#   BUILD, RETAG space-separated images    BASE       the commit last deployed (empty: none)
set -euo pipefail

account=$(aws sts get-caller-identity --query Account --output text)
registry="$account.dkr.ecr.$AWS_REGION.amazonaws.com"

# Both Dockerfiles name the same tag; it is resolved to a digest once and every stage of both builds uses that digest.
base_tag=$(sed -n 's/^ARG NODE_BASE=//p' apps/api/Dockerfile)
base_digest=""

has_tag() {
  aws ecr describe-images --repository-name "$1" --image-ids "imageTag=$2" >/dev/null 2>&1
}

build() {
  local image=$1 repository=$2
  if [ -z "$base_digest" ]; then
    base_digest=$(docker buildx imagetools inspect "$base_tag" --format '{{json .Manifest}}' | jq -r .digest)
    aws ecr get-login-password | docker login --username AWS --password-stdin "$registry"
  fi
  local pinned="$base_tag@$base_digest"
  echo "building $image at $IMAGE_TAG on $pinned"
  # One single-platform Docker manifest (no provenance index): what SageMaker and ECS pull.
  docker buildx build --file "apps/$image/Dockerfile" \
    --build-arg "NODE_BASE=$pinned" --build-arg "RUNTIME_BASE=$pinned" \
    --label "org.opencontainers.image.revision=$IMAGE_TAG" \
    --label "org.opencontainers.image.base.name=$base_tag" \
    --label "org.opencontainers.image.base.digest=$base_digest" \
    --provenance=false --sbom=false \
    --tag "$registry/$repository:$IMAGE_TAG" --push .
}

retag() {
  local image=$1 repository=$2
  local manifest media
  manifest=$(aws ecr batch-get-image --repository-name "$repository" --image-ids "imageTag=$BASE" \
    --query 'images[0].imageManifest' --output text 2>/dev/null || true)
  if [ -z "$BASE" ] || [ -z "$manifest" ] || [ "$manifest" = None ]; then
    echo "$repository has no image at ${BASE:-(no earlier deployment)}: building $image instead"
    build "$image" "$repository"
    return
  fi
  media=$(aws ecr batch-get-image --repository-name "$repository" --image-ids "imageTag=$BASE" \
    --query 'images[0].imageManifestMediaType' --output text)
  echo "retagging $repository:$BASE as $IMAGE_TAG"
  aws ecr put-image --repository-name "$repository" --image-tag "$IMAGE_TAG" \
    --image-manifest "$manifest" --image-manifest-media-type "$media" >/dev/null
}

for image in ${BUILD:-} ${RETAG:-}; do
  repository="triage-$ENVIRONMENT-$image"
  # A re-run of the same commit finds its tag already there (immutable: it cannot be pushed twice).
  if has_tag "$repository" "$IMAGE_TAG"; then
    echo "$repository:$IMAGE_TAG exists"
  elif [[ " ${BUILD:-} " == *" $image "* ]]; then
    build "$image" "$repository"
  else
    retag "$image" "$repository"
  fi
done
