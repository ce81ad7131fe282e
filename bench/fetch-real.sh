#!/bin/sh
# Fetch the public repositories of the real-code benchmark (bench.py --real DIR),
# each at the commit its figures in bench/README.md were measured on.
#
#   sh bench/fetch-real.sh DIR        # then: python bench/bench.py --real DIR
#
# Needs git and network access; about 200 MB, 19,500 files.  The code is read,
# never committed: DIR belongs outside the repository.
set -eu
dir=${1:?usage: fetch-real.sh DIR}
mkdir -p "$dir"
while read -r name url commit; do
  [ -n "$name" ] || continue
  if [ -d "$dir/$name" ]; then echo "$name: present"; continue; fi
  tmp="$dir/.$name.git"
  rm -rf "$tmp"
  git init -q "$tmp"
  git -C "$tmp" fetch -q --depth 1 "$url" "$commit"
  mkdir -p "$dir/$name"
  git -C "$tmp" archive FETCH_HEAD | tar -x -C "$dir/$name"
  rm -rf "$tmp"
  echo "$name: $commit"
done <<'LIST'
spring-boot        https://github.com/spring-projects/spring-boot.git             c329ffa25dc160a90ebe5e4b006ad4cdf89d8683
spring-petclinic   https://github.com/spring-projects/spring-petclinic.git        edf4db28affcc4741c79850a3d95bc3f177b5ff9
mysql-connector-j  https://github.com/mysql/mysql-connector-j.git                 cf2917ea44ae2e43a4514a33771035aa99de73bf
mariadb-connector-j https://github.com/mariadb-corporation/mariadb-connector-j.git c9377bc8659c5547834fc18507824bacd10464a0
sqlalchemy         https://github.com/sqlalchemy/sqlalchemy.git                   f35da7e2b9349a08b8de1f6bd3b07c8bf8616790
PyMySQL            https://github.com/PyMySQL/PyMySQL.git                         0305ab344f2026aaa17b405684a521b092a650bd
aiomysql           https://github.com/aio-libs/aiomysql.git                       db2f54eaf064c9cddfc84fc5dd8c9720170dc266
ansible            https://github.com/ansible/ansible.git                         c9ac477e53a99e95781f333eec3329a935c1bf95
community.mysql    https://github.com/ansible-collections/community.mysql.git     8d380a9be506333583697f62f1c8eae0a2f25b47
mysql              https://github.com/docker-library/mysql.git                    7f30fdb0738041fc5125e8218e393e0a891243e9
LIST
