#!/usr/bin/python3
"""A real browser on the coprint serve page: headless Chromium, driven by Selenium.

Starts `coprint serve` on a free loopback port, opens the action plan's form, types into it,
waits for the preview picture to change, downloads the PDF and the plan, checks the typed words
are in the PDF (pdftotext) and the plan, opens the plan again and finds the words back in the form.

    /usr/bin/python3 scripts/browser-test.py --coprint .build/debug/coprint [--screenshot docs/previews/serve.png]

Needs Debian's chromium, chromium-driver, python3-selenium and poppler-utils. Exits 0 when all is
well, 1 with a plain message saying what went wrong otherwise.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("browser test: python3-selenium is not installed (apt-get install python3-selenium)", file=sys.stderr)
    sys.exit(1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    print("browser test: " + message, file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(coprint, port):
    env = dict(os.environ, COPRINT_LAYOUTS=os.path.join(ROOT, "layouts"), COPRINT_FONTS=os.path.join(ROOT, "fonts"))
    server = subprocess.Popen([coprint, "serve", "--port", str(port), "--workers", "2"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said = ""
    for _ in range(20):
        line = server.stdout.readline()
        said += line
        if "http://127.0.0.1:%d/" % port in line or not line:
            break
    if "http://127.0.0.1:%d/" % port not in said:
        server.kill()
        fail("coprint serve did not say where it listens; it said: %r" % said)
    return server, "http://127.0.0.1:%d" % port


def browser(downloads, width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--window-size=%d,%d" % (width, height), "--lang=en-GB"]:
        options.add_argument(a)
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def wait_for_file(folder, suffix, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        done = [f for f in os.listdir(folder) if f.endswith(suffix)]
        if done:
            return os.path.join(folder, done[0])
        time.sleep(0.2)
    fail("no %s file was downloaded within %d s" % (suffix, timeout))


def version(driver):
    return driver.find_element(By.ID, "preview").get_attribute("data-version")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--coprint", required=True)
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    for tool in ["chromium", "chromedriver", "pdftotext"]:
        if not shutil.which(tool):
            fail("%s is not installed; run scripts/setup.sh (it installs scripts/packages.txt)" % tool)
    started = time.time()
    server, base = start_server(os.path.abspath(args.coprint), free_port())
    downloads = tempfile.mkdtemp(prefix="coprint-browser-")
    driver = None
    try:
        driver = browser(downloads, 1280, 1000)
        wait = WebDriverWait(driver, 20, ignored_exceptions=[StaleElementReferenceException])
        driver.get(base + "/?layout=action-plan")
        wait.until(lambda d: version(d))
        if driver.find_element(By.ID, "layout").get_attribute("value") != "action-plan":
            fail("/?layout=action-plan did not open the action plan")
        label = driver.find_element(By.CSS_SELECTOR, "label[for='f-purpose']").text
        if "What needs to change" not in driver.find_element(By.CSS_SELECTOR, "[data-field='purpose'] legend").text:
            fail("the purpose field does not show the canvas's own heading; its label is %r" % label)
        first_picture = driver.find_element(By.ID, "preview").screenshot_as_png
        before = version(driver)

        driver.find_element(By.ID, "f-title").send_keys("Browser typed Riverside")
        driver.find_element(By.ID, "f-purpose").send_keys("Selenium wrote this sentence about the café.")
        # Text that would break a hand-written YAML file must come back exactly as typed.
        tricky = 'Carers: "us" & \'them\' # not a comment'
        driver.find_element(By.ID, "f-team").send_keys(tricky)
        driver.find_element(By.ID, "f-next-steps--1-what").send_keys("Book the hall")
        driver.find_element(By.ID, "f-next-steps--1-who").send_keys("Priya")
        wait.until(lambda d: version(d) != before)
        # The preview is refreshed shortly after typing stops: wait for it to settle.
        time.sleep(1.0)
        wait.until(lambda d: "page 1 of" in d.find_element(By.ID, "status").text)
        if driver.find_element(By.ID, "preview").screenshot_as_png == first_picture:
            fail("the preview picture did not change after typing")

        # Going to a field on page 2 shows page 2.
        driver.find_element(By.ID, "f-values--strengths--individual").send_keys("Ask carers first")
        wait.until(lambda d: "page 2 of 2" in d.find_element(By.ID, "status").text)
        driver.find_element(By.ID, "f-title").click()
        wait.until(lambda d: "page 1 of 2" in d.find_element(By.ID, "status").text)

        # Keyboard only: Tab from the layout choice reaches the paper choice.
        driver.find_element(By.ID, "layout").send_keys(Keys.TAB)
        if driver.switch_to.active_element.get_attribute("id") != "paper":
            fail("Tab from the layout choice did not move to the paper choice")

        if args.screenshot:
            driver.set_window_size(900, 1100)
            time.sleep(0.8)
            driver.save_screenshot(os.path.abspath(args.screenshot))
            driver.set_window_size(1280, 1000)

        driver.find_element(By.ID, "download-pdf").click()
        pdf = wait_for_file(downloads, ".pdf")
        time.sleep(0.3)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
        flat = " ".join(text.split())
        for words in ["Browser typed Riverside", "Selenium wrote this sentence about the café.", "Book the hall", "Priya", "Ask carers first"]:
            if words not in flat:
                fail("the downloaded PDF does not hold %r; pdftotext gave: %s" % (words, flat[:400]))

        driver.find_element(By.ID, "download-plan").click()
        plan = wait_for_file(downloads, ".yaml")
        time.sleep(0.3)
        with open(plan, encoding="utf-8") as f:
            yaml = f.read()
        if "Selenium wrote this sentence about the café." not in yaml:
            fail("the downloaded plan does not hold the typed words:\n" + yaml)
        checked = subprocess.run([os.path.abspath(args.coprint), "validate", plan], capture_output=True, text=True,
                                 env=dict(os.environ, COPRINT_LAYOUTS=os.path.join(ROOT, "layouts")))
        if checked.returncode != 0:
            fail("coprint validate refuses the downloaded plan: " + checked.stderr)

        # Open the saved plan in a fresh page and carry on.
        driver.get(base + "/?layout=top-tips")
        wait.until(lambda d: version(d))
        driver.find_element(By.ID, "open-plan").send_keys(plan)
        wait.until(lambda d: d.find_element(By.ID, "layout").get_attribute("value") == "action-plan")
        wait.until(lambda d: d.find_element(By.ID, "f-purpose").get_attribute("value") == "Selenium wrote this sentence about the café.")
        if driver.find_element(By.ID, "f-team").get_attribute("value") != tricky:
            fail("the team's words did not come back from the saved plan as typed: %r" % driver.find_element(By.ID, "f-team").get_attribute("value"))
        if driver.find_element(By.ID, "f-next-steps--1-who").get_attribute("value") != "Priya":
            fail("the table row did not come back from the saved plan")

        # A problem is shown next to its field, in plain words.
        bad = os.path.join(downloads, "bad.yaml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("layout: action-plan\npurpose: [fine, {a: b}]\n")
        driver.find_element(By.ID, "open-plan").send_keys(bad)
        wait.until(lambda d: d.find_element(By.ID, "problems-f-purpose").text.strip() != "")
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            fail("coprint serve did not stop within 10 s of SIGTERM")
        shutil.rmtree(downloads, ignore_errors=True)
    if server.returncode != 0:
        fail("coprint serve ended with exit code %d after SIGTERM" % server.returncode)
    print("browser test: passed in %.1f s" % (time.time() - started))


if __name__ == "__main__":
    main()
