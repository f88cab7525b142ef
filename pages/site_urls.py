"""Addresses outside the language prefixes that describe the whole site to robots."""

from django.urls import path
from django.views.generic import TemplateView

from .sitemaps import SitemapView

urlpatterns = [
    path("sitemap.xml", SitemapView.as_view(), name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]
