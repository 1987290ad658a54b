"""One Spark session (local[2]) for the whole test run: starting the JVM is the slow part."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pyspark.sql import SparkSession

from privacy_gateway.bootstrap import Services, build_services
from privacy_gateway.jobs.spark_engine import spark_session
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import Base

SPARK_TEST_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "2",
    "spark.driver.memory": "1g",
}


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    session = spark_session(master="local[2]", app_name="privacy-gateway-tests", conf=SPARK_TEST_CONF)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    svc = build_services(settings)
    Base.metadata.create_all(svc.engine)
    yield svc
    svc.close()
