# connlint as a container image:
#   docker build -t connlint .
#   docker run --rm -v "$PWD:/src" connlint check .
#   docker run --rm -v "$PWD:/src" connlint check --format sarif --output connlint.sarif .
# The wheel is built in a first stage, so the image holds no build tools.
FROM python:3.11-slim AS build
WORKDIR /build
COPY pyproject.toml README.md ./
COPY src/ src/
COPY rules/ rules/
RUN pip wheel --no-cache-dir --disable-pip-version-check --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 connlint
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --disable-pip-version-check /wheels/*.whl && rm -rf /wheels
USER connlint
WORKDIR /src
ENTRYPOINT ["connlint"]
CMD ["check", "."]
