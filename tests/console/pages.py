"""What a person does in the console, as Selenium steps (shared by the browser tests and the screenshots)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT_SECONDS = 15


class ConsolePages:
    def __init__(self, driver: Any, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    # -- plumbing --------------------------------------------------------------------------------

    def wait(self) -> WebDriverWait:
        return WebDriverWait(self.driver, WAIT_SECONDS)

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    @property
    def path(self) -> str:
        return urlsplit(self.driver.current_url).path

    @property
    def url(self) -> str:
        return str(self.driver.current_url)

    def find(self, css: str) -> Any:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[Any]:
        return list(self.driver.find_elements(By.CSS_SELECTOR, css))

    def text(self, css: str = "main") -> str:
        return str(self.find(css).text)

    def mark_page(self) -> None:
        """Flag the current document, so that the next one can be told apart (see wait_for_new_page)."""
        self.driver.execute_script("window.__consoleOldPage = true")

    def wait_for_new_page(self) -> None:
        """Until a new document has loaded: the flag set by mark_page() lives only in the old one.
        (Polling an old element for staleness races with chromedriver during navigation.)"""
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script(
                "return !window.__consoleOldPage && document.readyState === 'complete'"
            )
        )

    def submit_and_wait(self, element: Any) -> None:
        """Click a submit button or a link and wait for the next page."""
        self.mark_page()
        element.click()
        self.wait_for_new_page()

    # -- steps -----------------------------------------------------------------------------------

    def sign_in(self, key: str) -> None:
        self.open("/console/login")  # always a fresh form: its token must match this browser's cookie
        self.find("#api_key").send_keys(key)
        self.submit_and_wait(self.find("form[action='/console/login'] button[type=submit]"))

    def sign_out(self) -> None:
        self.submit_and_wait(self.find("form[action='/console/logout'] button"))

    def signed_in(self) -> bool:
        return bool(self.find_all("form[action='/console/logout']"))

    def switch_language(self, lang: str) -> None:
        self.submit_and_wait(self.find(f"form[action='/console/lang'] button[value='{lang}']"))

    def search(self, **fields: str) -> None:
        self.open("/console/audit")
        for name, value in fields.items():
            box = self.find(f"#search-form [name='{name}']")
            if box.tag_name == "select":
                box.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
            else:
                box.clear()
                box.send_keys(value)
        self.submit_and_wait(self.find("#search-form button[type=submit]"))

    def result_seqs(self) -> list[int]:
        return [int(a.text) for a in self.find_all("#results tbody td:first-child a")]

    def next_page(self) -> None:
        self.submit_and_wait(self.find("a[rel=next]"))

    def open_first_entry(self) -> None:
        self.submit_and_wait(self.find("#results tbody td:first-child a"))

    def verify(self) -> str:
        self.open("/console/verify")
        self.submit_and_wait(self.find("#run-verify"))
        return str(self.find("#verdict").get_attribute("class"))

    def view_subject(self, subject_id: str) -> None:
        self.open("/console/subject")
        box = self.find("#subject_id")
        box.send_keys(subject_id)
        self.mark_page()
        box.send_keys(Keys.ENTER)
        self.wait_for_new_page()
