"""The URL configuration: every area's pages, put together. Report pages live under
/rapportages/ in one namespace, "reports", whichever area serves them."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from duoplus import views as site_views
from duoplus.core import account_views, password_reset
from duoplus.core.forms import LoginForm
from reports.consultation import urls as consultation_urls
from reports.planning import urls as planning_urls
from reports.portal import urls as portal_urls
from reports.questions import urls as questions_urls
from reports.review import urls as review_urls
from reports.search import urls as search_urls
from reports.writing import urls as writing_urls

admin.site.site_header = "Duo+ portaal – beheer"
admin.site.site_title = "Duo+ beheer"
admin.site.index_title = "Beheer"

report_patterns = [
    *portal_urls.urlpatterns,
    *writing_urls.urlpatterns,
    *review_urls.urlpatterns,
    *consultation_urls.urlpatterns,
    *questions_urls.urlpatterns,
]

urlpatterns = [
    *portal_urls.site_urlpatterns,
    *writing_urls.site_urlpatterns,
    path("rapportages/", include((report_patterns, "reports"))),
    *planning_urls.site_urlpatterns,
    *search_urls.urlpatterns,
    path("rapportages/", include("budget.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/tweestapsverificatie/", account_views.verify, name="two_factor_verify"),
    path(
        "accounts/tweestapsverificatie/instellen/",
        account_views.setup,
        name="two_factor_setup",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=password_reset.PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("beheer/", admin.site.urls),
    path("health/", site_views.health, name="health"),
    path("toegankelijkheid/", site_views.accessibility, name="accessibility"),
]

# A database outage gets its own Dutch page (503); anything else templates/500.html.
handler500 = "duoplus.views.server_error"
